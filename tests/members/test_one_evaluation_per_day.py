"""One evaluation per person, day and recorder, enforced by the database: a form sent twice, or
four times at once, records one evaluation and tells the others why in Vietnamese."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from members.choices import StepKind
from members.models import Evaluation
from members.services import evaluation_record
from tests.factories import PersonFactory, advance, make_user
from tests.forms import post_shown

DAY = datetime.date(2024, 4, 15)
GRADES = {"study": "tot", "training": "kha", "movement": "tot"}


@pytest.fixture
def candidate(cell_a):
    return advance(PersonFactory(cell=cell_a), StepKind.LISTED)


def test_the_same_recorder_on_the_same_day_is_refused(candidate, secretary_a):
    evaluation_record(person=candidate, user=secretary_a, date=DAY, **GRADES)
    with pytest.raises(ValidationError) as error:
        evaluation_record(person=candidate, user=secretary_a, date=DAY, **GRADES)
    assert "15/04/2024" in error.value.message_dict["date"][0]
    assert Evaluation.objects.filter(person=candidate).count() == 1


def test_the_next_day_or_another_recorder_is_accepted(candidate, secretary_a, clerk):
    evaluation_record(person=candidate, user=secretary_a, date=DAY, **GRADES)
    evaluation_record(
        person=candidate, user=secretary_a, date=DAY + datetime.timedelta(1), **GRADES
    )
    evaluation_record(person=candidate, user=clerk, date=DAY, **GRADES)
    assert Evaluation.objects.filter(person=candidate).count() == 3


def test_a_form_sent_twice_shows_the_refusal_on_the_date(client_for, candidate, secretary_a):
    client = client_for(secretary_a)
    url = reverse("members:evaluation_create", args=[candidate.pk])
    data = {"date": "15/04/2024", **GRADES, "comment": "Tích cực"}
    assert post_shown(client, url, data).status_code == 302
    again = post_shown(client, url, data)
    assert again.status_code == 200
    assert "15/04/2024" in again.context["form"].errors["date"][0]
    assert Evaluation.objects.filter(person=candidate).count() == 1


@pytest.mark.django_db(transaction=True)
def test_four_identical_evaluations_sent_at_once_record_one(cell_a):
    candidate = advance(PersonFactory(cell=cell_a), StepKind.LISTED)
    secretary = make_user("secretary", cell=cell_a)
    saved, release, refused, errors = threading.Event(), threading.Event(), [], []

    def send(hold=False):
        try:
            with transaction.atomic():
                evaluation_record(person=candidate, user=secretary, date=DAY, **GRADES)
                if hold:
                    # The first stays uncommitted while the others arrive.
                    saved.set()
                    release.wait(timeout=10)
        except ValidationError as error:
            refused.append(error)
        except Exception as error:  # noqa: BLE001 - reported to the test thread
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=send, kwargs={"hold": True})
    first.start()
    assert saved.wait(timeout=10)
    others = [threading.Thread(target=send) for _ in range(3)]
    for thread in others:
        thread.start()
    for thread in others:
        thread.join(timeout=0.3)
    release.set()
    for thread in [first, *others]:
        thread.join(timeout=30)

    assert errors == []
    assert len(refused) == 3
    assert Evaluation.objects.filter(person=candidate).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_first_of_repeated_evaluations(cell_a):
    candidate = advance(PersonFactory(cell=cell_a), StepKind.LISTED)
    secretary = make_user("secretary", cell=cell_a)
    before = [("members", "0008_graduation_index_without_cohort_columns")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("members", "Evaluation")
        values = {"person_id": candidate.pk, "cell_id": cell_a.pk, "date": DAY, **GRADES}
        copies = [old.objects.create(evaluated_by_id=secretary.pk, **values) for _ in range(3)]
        unrecorded = [old.objects.create(evaluated_by_id=None, **values) for _ in range(2)]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    kept = set(Evaluation.objects.values_list("pk", flat=True))
    assert kept == {copies[0].pk, *(row.pk for row in unrecorded)}
