"""Fill the derived `stage_days` of existing steps and count their `StepTally` rows.

Written in SQL and frozen here (not imported from the app) so that the migration keeps doing
what it did when the procedure's order changes later. One statement each, so that a database
of a whole academy (hundreds of thousands of steps) migrates in seconds.
"""

from django.db import migrations

# Each step of the procedure and the step before it, as of this migration.
PREVIOUS_KIND = {
    "course": "listed",
    "application": "course",
    "background": "application",
    "introduction": "background",
    "opinions": "introduction",
    "cell_vote": "opinions",
    "decision": "cell_vote",
    "ceremony": "decision",
    "conversion_vote": "ceremony",
    "conversion_decision": "conversion_vote",
}

DAYS_BETWEEN = {
    "postgresql": "(step.date - earlier.date)",
    "sqlite": "CAST(julianday(step.date) - julianday(earlier.date) AS INTEGER)",
}
YEAR_AND_QUARTER = {
    "postgresql": "EXTRACT(YEAR FROM date)::int, EXTRACT(QUARTER FROM date)::int",
    "sqlite": "CAST(strftime('%Y', date) AS INTEGER), "
    "(CAST(strftime('%m', date) AS INTEGER) + 2) / 3",
}


def fill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    cases = " ".join(f"WHEN '{kind}' THEN '{before}'" for kind, before in PREVIOUS_KIND.items())
    schema_editor.execute(
        "UPDATE members_admissionstep AS step SET stage_days = ("
        f"SELECT {DAYS_BETWEEN[vendor]} FROM members_admissionstep AS earlier "
        "WHERE earlier.person_id = step.person_id "
        f"AND earlier.kind = CASE step.kind {cases} END)"
    )
    schema_editor.execute("DELETE FROM members_steptally")
    schema_editor.execute(
        "INSERT INTO members_steptally (cell_id, kind, year, quarter, count) "
        f"SELECT cell_id, kind, {YEAR_AND_QUARTER[vendor]}, COUNT(*) "
        "FROM members_admissionstep GROUP BY 1, 2, 3, 4"
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0003_step_tally_and_covering_indexes")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
