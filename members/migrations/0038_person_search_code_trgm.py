"""One trigram index of a person's name key and code together for the people search on
PostgreSQL (issue 17, item 1), in place of the two of 0017_search_trigram.

members.models.SearchedText, `search_text || ' ' || LOWER(code)`, is written here as PostgreSQL
reads it back, so that the search's expression matches it. Each word of a search is then one
condition on one index instead of an OR of two, and every word of a search is served by one
scan; the admin's search goes through the same queryset method. One index written on each save
and imported row instead of two. SQLite keeps its plain scan.
"""

from django.db import migrations

NAME = "person_search_code_trgm"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {NAME} ON members_person "
    "USING gin (((search_text || ' ') || LOWER(code)) gin_trgm_ops)"
)
OLD = [
    (
        "person_search_text_trgm",
        "CREATE INDEX IF NOT EXISTS person_search_text_trgm ON members_person "
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
    schema_editor.execute(CREATE)
    for name, _sql in OLD:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _name, sql in OLD:
        schema_editor.execute(sql)
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("members", "0037_import_write_fewer_indexes")]

    operations = [migrations.RunPython(create, drop)]
