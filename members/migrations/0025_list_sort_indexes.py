"""Indexes for the cadet list's sortable columns (issue 16, item 11).

Sorted by cohort or by due date, a page of the list is read from an index (cohort or due date,
then the name's sort key) instead of sorting 100,000 people. The due date sorted descending puts
people without one last (DESC NULLS LAST), which PostgreSQL serves only from an index built in
that order; SQLite cannot declare one, and sorts a battalion's few thousand people.
"""

from django.db import migrations, models

DUE_DESCENDING = (
    "CREATE INDEX IF NOT EXISTS person_due_name_desc ON members_person "
    "(next_due_date DESC NULLS LAST, sort_name DESC)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DUE_DESCENDING)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_due_name_desc")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0024_conversion_form_numbers"),
        ("units", "0005_cell_name_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["cohort", "sort_name"], name="person_cohort_name"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["next_due_date", "sort_name"], name="person_due_name"),
        ),
        migrations.RunPython(create, drop),
    ]
