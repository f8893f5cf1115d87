"""Import of cadets from a spreadsheet: preview, then apply all or nothing.

Old sheets run to thousands of rows with about four steps each, and the step-by-step services
(`members.services.step_record`) take about 50 ms a row; so the apply writes in bulk what
`spreadsheets.importer` has checked with the same rules (StepChecker, party_status, next_step):
new records through `spreadsheets.bulk`, the few corrections through simple_history's bulk
update; every history row names the importing user and the file.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.access import require, writes_records
from core.memory import without_cycle_collection
from members.choices import StepKind
from members.models import AdmissionStep, CellMembership, Person
from members.stored_plans import forget_battalion_plans
from members.tallies import cohort_tallies, lock_cells, step_tallies
from units.models import Battalion

from .bulk import default_row, insert_with_history, model_row
from .importer import ImportReport, Plan, RowPlan, existing_people, plan_basis, plan_import
from .kept_plan import Unusable, plan_from_data
from .reader import Table
from .uploads import upload_keep_plan, upload_plan

BATCH_SIZE = 1000
STEP_FIELDS = ["date", "document_number", "stage_days"]


class ImportRejected(ValidationError):
    """The file has errors: nothing was written. `report` lists them all."""

    def __init__(self, report: ImportReport, message: str | None = None):
        super().__init__(
            message
            or _("Tệp còn %(count)s lỗi nên chưa ghi gì; hãy sửa rồi nhập lại.")
            % {"count": len(report.errors)}
        )
        self.report = report


def check_may_import(user, battalion: Battalion) -> None:
    """Only a clerk whose scope holds `battalion` may import into it (403 otherwise)."""
    require(user, writes_records)
    if not Battalion.objects.visible_to(user).filter(pk=battalion.pk).exists():
        raise PermissionDenied


@without_cycle_collection
def cadets_import_preview(
    *,
    table: Table,
    filename: str,
    battalion: Battalion,
    user=None,
    erase_blanks: bool = False,
    token: str | None = None,
) -> ImportReport:
    """What importing `table` (a file read by `reader.read_table`) into `battalion` would do.

    Writes no record. `user` None is the server operator running the management command
    without an account (dry run only). With the upload's `token`, a plan without errors is
    kept beside the upload for the confirmation (`cadets_import_apply`).
    """
    if user is not None:
        check_may_import(user, battalion)
    plan = plan_import(
        table, battalion=battalion, user=user, filename=filename, erase_blanks=erase_blanks
    )
    if token is not None and plan.report.ok:
        upload_keep_plan(token, plan)
    return plan.report


@without_cycle_collection
@transaction.atomic
def cadets_import_apply(
    *,
    table: Table | Callable[[], Table],
    filename: str,
    battalion: Battalion,
    user,
    erase_blanks: bool = False,
    token: str | None = None,
) -> ImportReport:
    """Import `table` into `battalion`, all or nothing; the history names `user`.

    `table` may be a function that reads it: it is then read only if the rows are checked
    again (a confirmation writing the kept plan does not need the table).

    The people the file names are locked first. The plan the preview of `token` kept is
    written when nothing it read has changed since (the same basis: people, steps, cells,
    rules, day, user, choice); otherwise every row is checked again here, so what the preview
    showed cannot go stale. Any error raises ImportRejected and nothing is written.
    """
    check_may_import(user, battalion)
    plan = _kept_plan(token, battalion=battalion, user=user, erase_blanks=erase_blanks)
    if plan is None:
        plan = plan_import(
            table() if callable(table) else table,
            battalion=battalion,
            user=user,
            filename=filename,
            lock=True,
            erase_blanks=erase_blanks,
        )
    if not plan.report.ok:
        raise ImportRejected(plan.report)
    try:
        with transaction.atomic():
            _write(plan, user=user, reason=_change_reason(filename))
            # The people, steps and stays of many of its cadets: the battalion's plans.
            forget_battalion_plans([battalion.pk])
    except IntegrityError as error:
        # Someone saved the same code between the check and the write.
        raise ImportRejected(
            plan.report, _("Dữ liệu vừa bị thay đổi trong lúc nhập; hãy xem trước lại.")
        ) from error
    plan.report.applied = True
    return plan.report


def _kept_plan(token: str | None, *, battalion: Battalion, user, erase_blanks: bool):
    """The preview's plan of `token` if it still holds, with the people it names locked."""
    data = upload_plan(token) if token is not None else None
    if data is None or data["report"]["errors"]:
        return None
    codes = {row["code"] for row in data["rows"]}
    people = existing_people(codes, lock=True)
    basis = plan_basis(people, battalion=battalion, user=user, erase_blanks=erase_blanks)
    if basis != data["basis"]:
        return None
    try:
        return plan_from_data(data, people, battalion=battalion)
    except Unusable:
        return None


def _change_reason(filename: str) -> str:
    # Stored in the records' history (100 characters), in the language of the records.
    return f"Nhập từ tệp {filename}"[:100]


def _write(plan: Plan, *, user, reason: str) -> None:
    now = timezone.now()
    created = [row for row in plan.rows if row.created]
    updated = [row for row in plan.rows if not row.created and row.changes_anything]
    inserts = {"user": user, "reason": reason, "when": now}
    updates = {"batch_size": BATCH_SIZE, "default_user": user, "default_change_reason": reason}
    memberships = _create_people(created, inserts)
    memberships += _update_people(updated, updates)
    insert_with_history(CellMembership, memberships, **inserts)
    _write_steps(plan.rows, updated, inserts, updates)
    # stage_days is derived and kept out of the history, like a person's status.
    restaged = [step for row in plan.rows for step in row.restaged_steps]
    AdmissionStep.objects.bulk_update(restaged, ["stage_days"], batch_size=BATCH_SIZE)
    step_cells = _cells_with_new_counts(plan.rows)
    people_cells = _cells_with_changed_people(plan.rows)
    lock_cells(step_cells | people_cells)
    if step_cells:
        step_tallies.rebuild(step_cells)
    if people_cells:
        cohort_tallies.rebuild(people_cells)


def _create_people(created: list[RowPlan], inserts: dict) -> list[dict]:
    """Insert the new people; their first stay in a cell, as person_create records it."""
    people = [row.person for row in created]
    ids = insert_with_history(Person, [model_row(person) for person in people], **inserts)
    for person, pk in zip(people, ids, strict=True):
        person.pk = pk
    today = timezone.localdate()
    return [
        _membership(person.pk, person.cell_id, person.enrolment_date or today) for person in people
    ]


def _update_people(updated: list[RowPlan], updates: dict) -> list[dict]:
    """Save corrected details; moves close the open stay (as person_move) and start a new one."""
    changed = [row.person for row in updated if row.fields]
    if changed:
        fields = sorted({name for row in updated for name in row.fields})
        bulk_update_with_history(changed, Person, fields, **updates)
    today = timezone.localdate()
    moves = [row for row in updated if row.move_to is not None]
    closing = [row.open_membership for row in moves if row.open_membership is not None]
    for membership in closing:
        membership.end_date = today
    if closing:
        bulk_update_with_history(closing, CellMembership, ["end_date"], **updates)
    return [
        _membership(row.person.pk, row.move_to.pk, today)
        for row in moves
        if row.move_to is not None  # always: narrows the type
    ]


def _cells_with_new_counts(rows: list[RowPlan]) -> set[int]:
    """Cells whose quarterly step tallies the import changes (members.tallies)."""
    cells = {row.person.cell_id for row in rows if row.new_steps}
    return cells | {step.cell_id for row in rows for step in row.changed_steps + row.removed_steps}


def _cells_with_changed_people(rows: list[RowPlan]) -> set[int]:
    """Cells whose cohort tallies the import changes: where the people it creates or changes
    are, and were before a move."""
    changed = [row for row in rows if row.changes_anything]
    cells = {row.person.cell_id for row in changed}
    return cells | {row.open_membership.cell_id for row in changed if row.open_membership}


def _membership(person_id: int, cell_id: int, start) -> dict:
    return {"person_id": person_id, "cell_id": cell_id, "start_date": start, "end_date": None}


def _write_steps(rows: list[RowPlan], updated: list[RowPlan], inserts: dict, updates: dict):
    user = inserts["user"]
    for row in updated:
        for step in row.removed_steps:
            # django-simple-history reads who and why from these attributes on delete.
            step._history_user = user  # type: ignore[attr-defined]
            step._change_reason = inserts["reason"]  # type: ignore[attr-defined]
            step.delete()
    changed = [step for row in updated for step in row.changed_steps]
    if changed:
        bulk_update_with_history(changed, AdmissionStep, STEP_FIELDS, **updates)
    common = {
        **default_row(AdmissionStep),
        "is_historical": True,
        "recorded_by_id": user.pk if user is not None else None,
        "recorded_at": inserts["when"],
    }
    # What depends on the kind only, worked out once per kind rather than per step.
    kinds = {kind: {"kind": kind.value, "form_code": kind.default_form} for kind in StepKind}
    new_steps = [
        {
            **common,
            **kinds[step.kind],
            "person_id": row.person.pk,
            "date": step.date,
            "cell_id": row.person.cell_id,
            "document_number": step.document_number,
            "stage_days": step.stage_days,
            "cycle": step.cycle,
        }
        for row in rows
        for step in row.new_steps
    ]
    insert_with_history(AdmissionStep, new_steps, **inserts)
