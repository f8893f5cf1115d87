"""The import's bulk writes: COPY on PostgreSQL, INSERT elsewhere, the same rows either way.

The suite runs on SQLite and on PostgreSQL, so each database's path is tested by its run.
"""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.choices import StepKind
from members.models import AdmissionStep, Person
from spreadsheets.bulk import default_row, insert_with_history, model_row
from spreadsheets.pgcopy import copy_column, copy_value
from tests.factories import PersonFactory

AWKWARD_TEXT = 'tab\there, line\nbreak, return\r, back\\slash \\N, "quotes", Đảng ủy'


def test_copy_text_escapes_what_copy_would_read_as_a_separator_or_an_escape():
    assert copy_value(AWKWARD_TEXT) == (
        'tab\\there, line\\nbreak, return\\r, back\\\\slash \\\\N, "quotes", Đảng ủy'
    )
    assert copy_value("") == ""
    assert copy_value(None) == "\\N"


def test_copy_text_of_numbers_flags_dates_and_times():
    moment = datetime.datetime(2026, 11, 29, 4, 5, 6, 789, tzinfo=datetime.UTC)
    assert [copy_value(value) for value in (7, True, False)] == ["7", "t", "f"]
    assert copy_value(datetime.date(2018, 9, 3)) == "2018-09-03"
    assert copy_value(moment) == "2026-11-29T04:05:06.000789+00:00"


def test_a_column_is_spelled_value_by_value_even_when_its_values_are_equal_keys():
    assert copy_column(["Nam", "Nữ", "Nam", None]) == ["Nam", "Nữ", "Nam", "\\N"]
    # True == 1 as dictionary keys, but COPY spells them differently.
    assert copy_column([True, 1, None, False, 0]) == ["t", "1", "\\N", "f", "0"]


def test_copy_text_refuses_a_type_the_import_never_writes():
    with pytest.raises(TypeError):
        copy_value(1.5)


@pytest.fixture
def step_rows(cell_a, clerk):
    person = PersonFactory(cell=cell_a)
    now = timezone.now()
    blank = default_row(AdmissionStep)
    kinds = [StepKind.AWARENESS_COURSE, StepKind.DECISION, StepKind.CEREMONY]
    return [
        {
            **blank,
            "person_id": person.pk,
            "kind": kind.value,
            "date": datetime.date(2018, 3, 15) + datetime.timedelta(days=30 * index),
            "cell_id": cell_a.pk,
            # An empty text beside NULLs (the votes): COPY must keep the two apart.
            "document_number": "" if index else "125-QĐ/ĐU",
            "notes": AWKWARD_TEXT,
            "is_historical": True,
            "recorded_by_id": clerk.pk,
            "recorded_at": now,
        }
        for index, kind in enumerate(kinds)
    ]


def test_rows_are_stored_as_given_with_their_ids_in_order(step_rows, clerk):
    assert step_rows[1]["document_number"] == ""
    assert step_rows[1]["votes_for"] is None
    ids = insert_with_history(
        AdmissionStep, step_rows, user=clerk, reason="Nhập từ tệp a.xlsx", when=timezone.now()
    )
    assert ids == sorted(ids)
    stored = AdmissionStep.objects.in_bulk(ids)
    for pk, row in zip(ids, step_rows, strict=True):
        step = stored[pk]
        for name, value in row.items():
            assert getattr(step, name) == value, name


def test_each_stored_row_gets_its_creation_in_the_history(step_rows, clerk):
    when = timezone.now()
    ids = insert_with_history(
        AdmissionStep, step_rows, user=clerk, reason="Nhập từ tệp a.xlsx", when=when
    )
    history = AdmissionStep.history.filter(id__in=ids)
    assert sorted(history.values_list("id", flat=True)) == ids
    for entry in history:
        assert (entry.history_type, entry.history_user, entry.history_date) == ("+", clerk, when)
        assert entry.history_change_reason == "Nhập từ tệp a.xlsx"
        assert entry.notes == AWKWARD_TEXT


def test_a_row_breaking_a_constraint_raises_djangos_integrity_error(cell_a, clerk):
    # The import turns it into "the data changed meanwhile", on either database.
    taken = PersonFactory(cell=cell_a)
    row = model_row(taken)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_with_history(Person, [row], user=clerk, reason="", when=timezone.now())


def test_postgresql_copies_the_rows_and_other_databases_insert_them(step_rows, clerk):
    with CaptureQueriesContext(connection) as queries:
        insert_with_history(AdmissionStep, step_rows, user=clerk, reason="", when=timezone.now())
    statements = [query["sql"] for query in queries]
    inserts = [sql for sql in statements if sql.startswith('INSERT INTO "members_admissionstep"')]
    if connection.vendor == "postgresql":
        # COPY itself is not seen by Django's query log; the ids drawn for it are.
        assert not inserts
        assert any("nextval" in sql for sql in statements)
    else:
        assert len(inserts) == 1
        assert "RETURNING" in inserts[0]
