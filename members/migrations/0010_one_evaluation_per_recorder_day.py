# Its own migration: PostgreSQL does not alter a table in the transaction that deleted from it.
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_drop_repeated_evaluations"),
        ("units", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="evaluation",
            constraint=models.UniqueConstraint(
                fields=("person", "date", "evaluated_by"), name="one_evaluation_per_recorder_day"
            ),
        ),
    ]
