"""The people's and steps' tables carry the indexes their queries read, and no more: every
index is written on each save and on each of an import's thousands of rows (issue 17)."""

import pytest
from django.db import connection

from members.models import AdmissionStep, Person


def indexes(model) -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: index for name, index in found.items() if index["index"]}


def leading_columns(model) -> set[str]:
    return {index["columns"][0] for index in indexes(model).values() if index["columns"]}


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Person, AdmissionStep])
def test_every_foreign_key_leads_an_index(model):
    # A cell's or a person's deletion looks up the rows naming it (PROTECT, CASCADE).
    foreign_keys = {field.column for field in model._meta.concrete_fields if field.is_relation}
    assert foreign_keys <= leading_columns(model)


@pytest.mark.django_db
def test_no_column_is_indexed_alone_where_a_composite_index_starts_with_it():
    for model, column in [(Person, "cell_id"), (Person, "cohort"), (AdmissionStep, "cell_id")]:
        alone = [name for name, index in indexes(model).items() if index["columns"] == [column]]
        assert alone == [], (model, column)


@pytest.mark.django_db
def test_the_search_text_is_indexed_for_the_search_only():
    # A search looks inside the name key: a btree on it would only be written.
    assert [
        name for name, index in indexes(Person).items() if index["columns"] == ["search_text"]
    ] == []
    if connection.vendor == "postgresql":
        # The diacritic-insensitive search reads trigrams of the name key and code (0038).
        assert any(index["type"] == "gin" for index in indexes(Person).values())


@pytest.mark.django_db
def test_only_the_unique_columns_keep_a_pattern_ops_copy():
    # Django adds one to every indexed text column on PostgreSQL; no query reads a prefix. The
    # unique code and citizen ID keep theirs (they come with unique=True). SQLite has none.
    copies = sorted(
        name
        for model in (Person, AdmissionStep)
        for name in indexes(model)
        if name.endswith("_like")
    )
    assert copies == (
        ["members_person_citizen_id_7efa3255_like", "members_person_code_ea20e365_like"]
        if connection.vendor == "postgresql"
        else []
    )
