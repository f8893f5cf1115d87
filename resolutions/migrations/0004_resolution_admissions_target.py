from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce


def count_targets(apps, schema_editor):
    """Every resolution's summed cell admission targets, as resolutions.services counts them.

    A copy of resolutions.models.summed_admission_targets on the migration's models: a migration
    must not run the app's code, which may change after it was written."""
    Resolution = apps.get_model("resolutions", "Resolution")
    CellTarget = apps.get_model("resolutions", "CellTarget")
    summed = (
        CellTarget.objects.filter(resolution=OuterRef("pk"))
        .order_by()
        .values("resolution")
        .annotate(sum=Sum("admissions"))
        .values("sum")
    )
    Resolution.objects.update(admissions_target=Coalesce(Subquery(summed), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0003_resolution_year_quarter"),
    ]

    operations = [
        migrations.AddField(
            model_name="resolution",
            name="admissions_target",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_targets, migrations.RunPython.noop),
    ]
