from django.db import migrations
from django.db.models import Count, Min


def drop_repeated_evaluations(apps, schema_editor):
    """Keep the first of the evaluations one recorder saved for one person on one day (a form
    sent more than once); the next migration's constraint keeps it so."""
    Evaluation = apps.get_model("members", "Evaluation")
    repeated = (
        Evaluation.objects.filter(evaluated_by__isnull=False)
        .values("person", "date", "evaluated_by")
        .annotate(first=Min("id"), copies=Count("id"))
        .filter(copies__gt=1)
        .order_by()
    )
    for group in repeated:
        Evaluation.objects.filter(
            person=group["person"], date=group["date"], evaluated_by=group["evaluated_by"]
        ).exclude(id=group["first"]).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0008_graduation_index_without_cohort_columns")]

    operations = [migrations.RunPython(drop_repeated_evaluations, migrations.RunPython.noop)]
