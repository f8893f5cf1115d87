"""Trigram indexes for the people search on PostgreSQL (issue 16, item 4).

A search for part of a name or code is LIKE '%...%', which a B-tree index cannot serve; at
100,000 people PostgreSQL would read the whole table. pg_trgm's GIN indexes serve it. pg_trgm
is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser
rights. SQLite keeps its plain scan (a battalion's few thousand people).
"""

from django.db import migrations

INDEXES = [
    (
        "person_search_text_trgm",
        'CREATE INDEX IF NOT EXISTS person_search_text_trgm ON members_person '
        "USING gin (search_text gin_trgm_ops)",
    ),
    (
        "person_code_trgm",
        "CREATE INDEX IF NOT EXISTS person_code_trgm ON members_person "
        "USING gin (UPPER(code) gin_trgm_ops)",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for _name, sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _sql in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0016_ranges")]

    operations = [migrations.RunPython(create, drop)]
