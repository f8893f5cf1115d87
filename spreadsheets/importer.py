"""Planning an import: every row parsed and checked against the rules before anything is written.

The same plan feeds the preview and the apply (`spreadsheets.services`), so the preview shows
exactly what the apply would reject. Rows become people (`Mã học viên` is the key) and their
past admission steps, recorded as historical steps checked by `members.pipeline.StepChecker`
with `is_historical=True`: only the rules that dates can break apply (order of dates, age at the
decision, 12 months of probation). Late deadlines in old data are warnings, not errors.

Corrected files: a person's details are updated by code. Their steps are appended when the file
only adds later steps; when the file changes, removes or inserts a step, the steps are corrected
in place only if all of that person's steps were imported (historical) ones, and then the whole
corrected set is checked again from the start. Steps recorded in the application are never
rewritten by a file.
"""

import datetime
import functools
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.base import ModelState
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.dates import dmy
from core.workdays import add_months, add_working_days
from members import derived
from members.choices import ETHNICITY_ALIASES, Gender, PersonKind, Programme, StepKind
from members.derived import stage_days
from members.models import AdmissionStep, CellMembership, Person
from members.names import cohort_key, search_key
from members.pipeline import RULE_PERSON_FIELDS, BrokenStep, StepChecker, procedure_order
from members.profile import SENSITIVE_FIELDS, is_masked, mask, youth_union_date_problem
from members.rules import PartyRules, get_rules
from members.selectors import battalion_cohorts
from members.services import ensure_writable
from units.models import Battalion, PartyCell

from .columns import BY_KEY, COLUMNS, PERSON_FIELD_KEYS, STEP_COLUMNS, Column, header_key
from .reader import Table

DATE_PATTERN = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}


@functools.cache
def programmes() -> dict[str, str]:
    """A programme by its Vietnamese name or its code, as search keys (the file's language is
    Vietnamese whatever the user's)."""
    with translation.override("vi"):
        names = {search_key(str(label)): value for value, label in Programme.choices}
    return names | {search_key(value): value for value in Programme.values}


@functools.cache
def choice_values(key: str) -> dict[str, str]:
    """A choice column's values by Vietnamese name, code or alias, compared as header keys
    (no case, diacritics, spacing or punctuation: "Khơ-me", "khome", "05")."""
    column = BY_KEY[key]
    assert column.choices is not None
    with translation.override("vi"):
        names = {header_key(str(label)): value for value, label in column.choices.choices}
    names |= {header_key(value): value for value in column.choices.values}
    if key == "ethnicity":
        names |= {header_key(alias): value for alias, value in ETHNICITY_ALIASES.items()}
        # A code typed as a number loses its leading zero: "5" is "05".
        names |= {str(int(value)): value for value in column.choices.values}
    return names


CHOICE_COLUMNS = [column.key for column in COLUMNS if column.kind == "choice"]
# Past this many choices the message does not list them all (the template has a drop-down).
LISTED_CHOICES = 20
STEP_COLUMN_OF = {column.step: column for column in STEP_COLUMNS}


@dataclass(frozen=True)
class Masked:
    """A sensitive cell as a masked export wrote it ("•••••••••789"): it means the stored value
    when it masks to the same text, and nothing that can be stored otherwise."""

    text: str


@dataclass(frozen=True)
class _Refused:
    """A cell's value refused, with the message the row gets."""

    message: str


@dataclass(frozen=True)
class Issue:
    """An error or warning, at a row (None: the whole file) and a column header ("": the row)."""

    row: int | None
    column: str
    message: str


@dataclass
class RowChange:
    row: int
    code: str
    full_name: str
    details: list[str]


@dataclass
class Erasure:
    """A blank cell on a row of someone on record, where the record holds a value."""

    row: int
    code: str
    full_name: str
    column: str
    stored: str


@dataclass
class NewRow:
    row: int
    code: str
    full_name: str
    cell: str


@dataclass
class ImportReport:
    """What an import does or would do: counts, every error and warning, changes per row."""

    filename: str
    battalion: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows_with_errors: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    # The people the import adds, and the blank cells that would erase a stored value: kept
    # unless the clerk asks to erase them (`erase_blanks`), in which case they are changes.
    additions: list[NewRow] = field(default_factory=list)
    erasures: list[Erasure] = field(default_factory=list)
    erase_blanks: bool = False
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class PlannedStep:
    """A historical step the import will record (what pipeline rules read of a step)."""

    kind: StepKind
    date: datetime.date
    document_number: str = ""
    deadline_extended: bool = False
    is_historical: bool = True
    stage_days: int | None = None
    # The person's current admission cycle, which the imported dates belong to.
    cycle: int = 1


@dataclass
class RowPlan:
    """The writes one row needs; `person` carries its final values (unsaved if created)."""

    row: int
    person: Person
    created: bool
    fields: list[str] = field(default_factory=list)
    move_to: PartyCell | None = None
    open_membership: CellMembership | None = None
    new_steps: list[PlannedStep] = field(default_factory=list)
    changed_steps: list[AdmissionStep] = field(default_factory=list)
    removed_steps: list[AdmissionStep] = field(default_factory=list)
    # Stored steps whose stage_days follow a step inserted, moved or removed before them.
    restaged_steps: list[AdmissionStep] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return self.created or any(
            (self.fields, self.move_to, self.new_steps, self.changed_steps, self.removed_steps)
        )


@dataclass
class Plan:
    report: ImportReport
    rows: list[RowPlan]
    # A digest of what the plan read (plan_basis): the same digest later, the plan still holds.
    basis: str = ""


@dataclass
class ParsedRow:
    row: int
    code: str
    cell: PartyCell | None
    fields: dict[str, object]
    steps: dict[StepKind, datetime.date | None]
    decision_number: str | None


def plan_import(
    table: Table,
    *,
    battalion: Battalion,
    user,
    filename: str,
    lock: bool = False,
    erase_blanks: bool = False,
) -> Plan:
    """Check every row of `table` for `battalion`; `lock` holds the existing people (apply).

    A blank cell where the record holds a value keeps the value and is listed in the report's
    erasures, unless `erase_blanks`: then it erases the value (or removes the step).
    """
    planner = _Planner(table, battalion=battalion, user=user, filename=filename)
    planner.report.erase_blanks = erase_blanks
    return planner.plan(lock=lock)


def existing_people(codes: set[str], *, lock: bool) -> dict[str, Person]:
    """The people `codes` name, with their steps, in as few queries as the database allows;
    `lock` holds them until the transaction ends (apply)."""
    ordered = sorted(codes)
    size = connection.features.max_query_params or len(ordered) or 1
    found = {}
    for start in range(0, len(ordered), size):
        people = Person.objects.filter(code__in=ordered[start : start + size])
        people = people.select_related("cell").prefetch_related("steps")
        if lock:
            people = people.select_for_update(of=("self",))
        found.update((person.code, person) for person in people)
    return found


def plan_basis(people: dict[str, Person], *, battalion: Battalion, user, erase_blanks: bool) -> str:
    """A digest of everything a plan reads besides the file: the stored people it names (their
    fields, steps and open stay in a cell), the battalion's cells, the rules, the day, the user
    and the erasing choice. A kept plan whose basis is unchanged is still exactly right."""
    digest = hashlib.sha256()

    def add(*values) -> None:
        digest.update(repr(values).encode())

    add(battalion.pk, getattr(user, "pk", None), erase_blanks, timezone.localdate(), get_rules())
    add(*battalion_cohorts(battalion.pk))
    for cell in PartyCell.objects.filter(battalion=battalion).order_by("pk"):
        add(*_column_values(cell))
    ids = sorted(person.pk for person in people.values())
    size = connection.features.max_query_params or len(ids) or 1
    stays: dict[int, tuple] = {}
    for start in range(0, len(ids), size):
        open_stays = CellMembership.objects.filter(
            person_id__in=ids[start : start + size], end_date__isnull=True
        )
        stays.update((stay.person_id, _column_values(stay)) for stay in open_stays)
    for code in sorted(people):
        person = people[code]
        add(*_column_values(person), person.cell.battalion_id, stays.get(person.pk))
        for step in sorted(person.steps.all(), key=lambda step: step.pk):
            add(*_column_values(step))
    return digest.hexdigest()


def _column_values(instance) -> tuple:
    return tuple(
        getattr(instance, model_field.attname) for model_field in instance._meta.concrete_fields
    )


def parse_date(value) -> datetime.date | None:
    """A real Excel date, or text written dd/mm/yyyy; None when blank. ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_PATTERN.match(str(value).strip())
    if not match:
        raise ValueError(_("Ngày phải ghi theo dạng dd/mm/yyyy, ví dụ 05/09/2018."))
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise ValueError(
            _("Ngày %(value)s không có thật.") % {"value": str(value).strip()}
        ) from error


def parse_text(value) -> str:
    if type(value) is str:  # most cells, at once
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores a typed number such as a class "12" as 12.0.
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return dmy(value)
    return " ".join(str(value).split())


class _Planner:
    def __init__(self, table: Table, *, battalion: Battalion, user, filename: str):
        self.table = table
        self.battalion = battalion
        self.user = user
        self.rules: PartyRules = get_rules()
        self.today = timezone.localdate()
        self.report = ImportReport(filename=filename, battalion=str(battalion))
        self.cells = list(PartyCell.objects.filter(battalion=battalion))
        self.cells_by_code = {search_key(cell.code): cell for cell in self.cells}
        self.cells_by_name = {search_key(cell.name): cell for cell in self.cells}
        self.step_columns = [column for column in STEP_COLUMNS if table.has(column.key)]
        self.field_keys = [key for key in PERSON_FIELD_KEYS if table.has(key)]
        # Only what the file supplies is validated: other fields are defaults or already stored.
        supplied = {"kind", "code", *self.field_keys}
        self.validated_fields = [
            model_field
            for model_field in Person._meta.concrete_fields
            if model_field.name in supplied
        ]
        # Each validated field with its column and its verdicts by value (_messages).
        self._validated = [
            (model_field, BY_KEY.get(model_field.name), {}) for model_field in self.validated_fields
        ]
        # The battalion's cohorts by their compared name; a battalion with none yet (a first
        # import) takes the file's.
        self.cohorts = {}
        if table.has("cohort"):
            self.cohorts = {cohort_key(name): name for name in battalion_cohorts(battalion.pk)}
        self.opens_cohorts = not self.cohorts
        self.new_people = NewPeople()
        self._parsed: dict[str, dict] = defaultdict(dict)
        self._row_errors: list[Issue] = []

    # --- reporting ---------------------------------------------------------------------

    def error(self, row: int, column: Column | None, message: str) -> None:
        self._row_errors.append(Issue(row, column.header if column else "", str(message)))

    def warn(self, row: int | None, column: Column | None, message: str) -> None:
        self.report.warnings.append(Issue(row, column.header if column else "", str(message)))

    # --- the plan ----------------------------------------------------------------------

    def plan(self, *, lock: bool) -> Plan:
        for header in self.table.unknown_headers:
            self.warn(
                None,
                None,
                _("Cột “%(column)s” không có trong mẫu nên không được nhập.") % {"column": header},
            )
        self.report.rows = len(self.table.rows)
        parsed = []
        for number, values in self.table.rows:
            row = self._parse(number, values)
            parsed.append((row, self._row_errors))
            self._row_errors = []
        codes = {row.code for row, _e in parsed if row is not None}
        existing = existing_people(codes, lock=lock)
        # Taken before planning, which changes the people and steps it corrects.
        basis = plan_basis(
            existing,
            battalion=self.battalion,
            user=self.user,
            erase_blanks=self.report.erase_blanks,
        )
        self._check_citizen_ids(parsed)
        seen: dict[str, int] = {}
        plans = []
        for row, parse_errors in parsed:
            self._row_errors = parse_errors
            if row is None:
                self._close_row()
                continue
            if row.code in seen:
                self.error(
                    row.row,
                    BY_KEY["code"],
                    _("Mã học viên “%(code)s” trùng với dòng %(row)s.")
                    % {"code": row.code, "row": seen[row.code]},
                )
            seen.setdefault(row.code, row.row)
            plan = self._plan_row(row, existing.get(row.code))
            if self._close_row() and plan is not None:
                plans.append(plan)
                self._count(plan)
        self.report.errors.sort(key=lambda issue: issue.row or 0)
        self.report.warnings.sort(key=lambda issue: issue.row or 0)
        return Plan(report=self.report, rows=plans, basis=basis)

    def _check_citizen_ids(self, parsed: list) -> None:
        """Each citizen ID once: in the file, and against everyone on record but the row's own
        person (one query for the whole file). Someone of another battalion is not named."""
        rows = [
            (row, errors)
            for row, errors in parsed
            if row is not None and isinstance(row.fields.get("citizen_id"), str)
        ]
        ids = sorted({row.fields["citizen_id"] for row, _errors in rows})
        holders: dict[str, tuple[str, int]] = {}
        size = connection.features.max_query_params or len(ids) or 1
        for start in range(0, len(ids), size):
            found = Person.objects.filter(citizen_id__in=ids[start : start + size])
            for citizen_id, code, battalion_id in found.values_list(
                "citizen_id", "code", "cell__battalion_id"
            ):
                holders[citizen_id] = (code, battalion_id)
        column = BY_KEY["citizen_id"]
        first_row: dict[str, int] = {}
        for row, errors in rows:
            citizen_id = row.fields["citizen_id"]
            if citizen_id in first_row:
                message = _("Số định danh cá nhân “%(id)s” trùng với dòng %(row)s.") % {
                    "id": citizen_id,
                    "row": first_row[citizen_id],
                }
                errors.append(Issue(row.row, column.header, message))
                continue
            first_row[citizen_id] = row.row
            holder = holders.get(citizen_id)
            if holder is None or holder[0] == row.code:
                continue
            if holder[1] == self.battalion.pk:
                message = _(
                    "Số định danh cá nhân “%(id)s” đã có ở hồ sơ %(code)s: mỗi người một số."
                ) % {"id": citizen_id, "code": holder[0]}
            else:
                message = _(
                    "Số định danh cá nhân “%(id)s” đã có ở một hồ sơ khác: mỗi người một số."
                ) % {"id": citizen_id}
            errors.append(Issue(row.row, column.header, message))

    def _close_row(self) -> bool:
        """Move the row's errors to the report; True when the row had none."""
        if not self._row_errors:
            return True
        self.report.errors.extend(self._row_errors)
        self.report.rows_with_errors += 1
        self._row_errors = []
        return False

    def _count(self, plan: RowPlan) -> None:
        if plan.created:
            self.report.created += 1
        elif plan.changes_anything:
            self.report.updated += 1
        else:
            self.report.unchanged += 1

    # --- parsing one row ---------------------------------------------------------------

    def _parse(self, number: int, values: list) -> ParsedRow | None:
        # The row's cells by column key once, rather than a lookup through the table per cell.
        width = len(values)
        cells = {key: values[index] for key, index in self.table.columns.items() if index < width}

        code = parse_text(cells.get("code"))
        if not code:
            self.error(number, BY_KEY["code"], _("Thiếu mã học viên."))
        elif code == BY_KEY["code"].example and parse_text(cells.get("full_name")) == (
            BY_KEY["full_name"].example
        ):
            self.error(
                number, None, _("Đây là dòng ví dụ của tệp mẫu: hãy xóa dòng này trước khi nhập.")
            )
        fields = {}
        for key in self.field_keys:
            column = BY_KEY[key]
            value = self._parsed_value(column, cells.get(key))
            if type(value) is _Refused:
                self.error(number, column, value.message)
                continue
            fields[key] = value
            if column.kind == "programme" and not fields[key]:
                # Not given: a new cadet takes the model's default, a stored one is kept.
                del fields[key]
        if fields.get("cohort"):
            fields["cohort"] = self._cohort(number, fields["cohort"])
        for key in ("full_name", "date_of_birth"):
            if key in fields and not fields[key]:
                self.error(
                    number, BY_KEY[key], _("Thiếu “%(column)s”.") % {"column": BY_KEY[key].header}
                )
        cell = self._cell(number, cells.get("cell"))
        steps = {}
        for column in self.step_columns:
            try:
                steps[column.step] = parse_date(cells.get(column.key))
            except ValueError as error:
                self.error(number, column, str(error))
        decision_number = None
        if self.table.has("decision_number"):
            decision_number = parse_text(cells.get("decision_number"))
        if self._row_errors:
            return None
        return ParsedRow(number, code, cell, fields, steps, decision_number)

    def _parsed_value(self, column: Column, raw):
        """`_parse_value` of the cell, or its refusal: a file repeats most of its values
        (cells, cohorts, genders, choices, dates), so each column parses each value once."""
        verdicts = self._parsed[column.key]
        # By type too: 1, 1.0 and True are equal keys but not the same cell.
        key = (type(raw), raw)
        try:
            return verdicts[key]
        except KeyError:
            pass
        except TypeError:  # pragma: no cover - the readers give hashable values only
            key = None
        try:
            value = self._parse_value(column, raw)
        except ValueError as error:
            value = _Refused(str(error))
        if key is not None:
            verdicts[key] = value
        return value

    def _parse_value(self, column: Column, raw):
        if column.kind == "date":
            return parse_date(raw)
        text = parse_text(raw)
        if column.kind == "gender":
            if not text:
                raise ValueError(_("Cần ghi giới tính: Nam hoặc Nữ."))
            if search_key(text) not in GENDERS:
                raise ValueError(
                    _("Giới tính “%(value)s” không hợp lệ: ghi Nam hoặc Nữ.") % {"value": text}
                )
            return GENDERS[search_key(text)]
        if column.key in SENSITIVE_FIELDS and is_masked(text):
            return Masked(text)
        if column.kind == "citizen_id":
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                # Excel keeps a typed number without its leading zeros (001… becomes 1…).
                text = text.zfill(12)
            return text.replace(" ", "") or None
        if column.kind == "choice" and text:
            value = choice_values(column.key).get(header_key(text))
            if value is None:
                assert column.choices is not None
                labels = [str(label) for label in column.choices.labels]
                listed = (
                    "; ".join(labels)
                    if len(labels) <= LISTED_CHOICES
                    else _("tên trong danh mục (trang “Danh mục” của tệp mẫu)")
                )
                raise ValueError(
                    _("%(column)s “%(value)s” không có; ghi một trong: %(choices)s.")
                    % {"column": column.header, "value": text, "choices": listed}
                )
            return value
        if column.kind == "programme" and text:
            programme = programmes().get(search_key(text))
            if programme is None:
                raise ValueError(
                    _("Hệ đào tạo “%(value)s” không có; ghi một trong: %(choices)s.")
                    % {"value": text, "choices": "; ".join(map(str, Programme.labels))}
                )
            return programme
        return text

    def _cohort(self, number: int, text: str) -> str:
        """The battalion's cohort the file names, however spelt ("k 57" is K57). One the
        battalion does not have is refused, as the person form refuses it unless "Khóa mới…"
        is chosen: a typo ("K61" for K16) would otherwise open a cohort on the dashboard."""
        known = self.cohorts.get(cohort_key(text))
        if known is not None:
            return known
        if self.opens_cohorts:
            return text
        self.error(
            number,
            BY_KEY["cohort"],
            _(
                "Khóa “%(value)s” chưa có trong tiểu đoàn (đã có: %(cohorts)s). Gõ nhầm thì sửa "
                "lại; nếu đúng là khóa mới, thêm một học viên của khóa trên trang “Thêm học viên "
                "/ cán bộ” (chọn “Khóa mới…”) rồi nhập lại tệp."
            )
            % {"value": text, "cohorts": ", ".join(sorted(self.cohorts.values()))},
        )
        return text

    def _cell(self, number: int, raw) -> PartyCell | None:
        text = parse_text(raw)
        column = BY_KEY["cell"]
        if not text:
            self.error(number, column, _("Thiếu chi bộ."))
            return None
        key = search_key(text)
        cell = self.cells_by_code.get(key) or self.cells_by_name.get(key)
        if cell is None:
            self.error(
                number,
                column,
                _("Không có chi bộ “%(value)s” trong %(battalion)s; các chi bộ: %(cells)s.")
                % {
                    "value": text,
                    "battalion": self.battalion,
                    "cells": ", ".join(cell.code for cell in self.cells) or "—",
                },
            )
        return cell

    # --- planning one row --------------------------------------------------------------

    def _plan_row(self, row: ParsedRow, person: Person | None) -> RowPlan | None:
        plan = self._new_person(row) if person is None else self._existing_person(row, person)
        if plan is None:
            return None
        self._validate_person(plan)
        self._check_profile_dates(row, plan)
        # The steps of the person's current admission cycle (the second after a re-admission).
        existing_steps = {} if plan.created else derived.steps_by_kind(person.steps.all())
        final = self._plan_steps(row, plan, existing_steps)
        if final is None:
            return plan
        self._set_derived(plan, final)
        self._set_stage_days(plan, final)
        self._warn_late(row.row, plan, final)
        self._warn_overdue(row.row, plan)
        if plan.created:
            self.report.additions.append(
                NewRow(row.row, plan.person.code, plan.person.full_name, row.cell.code)
            )
        return plan

    def _warn_overdue(self, row: int, plan: RowPlan) -> None:
        """A row whose next step is past its due date the moment it is saved: it will show as
        overdue on the lists and the worklist at once."""
        person = plan.person
        due = person.next_due_date
        if due is None or due >= self.today or not (plan.created or plan.fields):
            return
        self.warn(
            row,
            None,
            _("Quá hạn ngay khi ghi: “%(step)s” phải xong trước ngày %(due)s.")
            % {"step": StepKind(person.next_step).label, "due": dmy(due)},
        )

    def _masked_error(self, number: int, column: Column) -> None:
        self.error(
            number,
            column,
            _(
                "“%(column)s” đang bị che (•••) như trong tệp xuất; ghi giá trị đầy đủ hoặc để "
                "trống để giữ giá trị đã lưu."
            )
            % {"column": column.header},
        )

    def _new_person(self, row: ParsedRow) -> RowPlan | None:
        if "gender" not in row.fields:
            self.error(row.row, BY_KEY["gender"], _("Cần ghi giới tính: Nam hoặc Nữ."))
            return None
        masked = [key for key, value in row.fields.items() if isinstance(value, Masked)]
        for key in masked:
            self._masked_error(row.row, BY_KEY[key])
        if masked:
            return None
        values = {**row.fields, "kind": PersonKind.CADET, "code": row.code}
        person = self.new_people.build(values, cell=row.cell)
        person.set_name_keys()
        return RowPlan(row=row.row, person=person, created=True)

    def _existing_person(self, row: ParsedRow, person: Person) -> RowPlan | None:
        if person.cell.battalion_id != self.battalion.pk:
            self.error(
                row.row,
                BY_KEY["code"],
                _("Mã học viên “%(code)s” đã có ở tiểu đoàn khác; không nhập vào %(battalion)s.")
                % {"code": row.code, "battalion": self.battalion},
            )
            return None
        if person.kind != PersonKind.CADET:
            self.error(
                row.row,
                BY_KEY["code"],
                _("Mã “%(code)s” là của một cán bộ, không phải học viên.") % {"code": row.code},
            )
            return None
        plan = RowPlan(row=row.row, person=person, created=False)
        for key, value in row.fields.items():
            old = getattr(person, key)
            if isinstance(value, Masked):
                if value.text != mask(key, old):
                    self._masked_error(row.row, BY_KEY[key])
                continue
            if old != value and _is_blank(value) and not self._erases(plan, BY_KEY[key], old):
                continue
            if old != value:
                plan.fields.append(key)
                shown = f"{_shown(old, key)} → {_shown(value, key)}"
                plan.details.append(f"{BY_KEY[key].header}: {shown}")
                setattr(person, key, value)
        if plan.fields and not self._writable(row, plan, BY_KEY[plan.fields[0]]):
            return None
        if "full_name" in plan.fields:
            person.set_name_keys()
            plan.fields += ["sort_name", "search_text"]
        if row.cell.pk != person.cell_id:
            self._plan_move(row, plan)
        return plan

    def _erases(self, plan: RowPlan, column: Column, stored) -> bool:
        """A blank cell against a stored value: listed, and erasing only when asked."""
        person = plan.person
        self.report.erasures.append(
            Erasure(
                plan.row, person.code, person.full_name, column.header, _shown(stored, column.key)
            )
        )
        return self.report.erase_blanks

    def _plan_move(self, row: ParsedRow, plan: RowPlan) -> None:
        person = plan.person
        if not self._writable(row, plan, BY_KEY["cell"]):
            return
        current = person.memberships.filter(end_date__isnull=True).first()
        if current and current.start_date > self.today:
            self.error(
                row.row,
                BY_KEY["cell"],
                _("Ngày chuyển không được trước ngày vào chi bộ hiện tại."),
            )
            return
        plan.details.append(
            _("Chi bộ: %(old)s → %(new)s (chuyển từ ngày %(date)s)")
            % {"old": person.cell.code, "new": row.cell.code, "date": dmy(self.today)}
        )
        plan.move_to, plan.open_membership = row.cell, current
        person.cell = row.cell
        plan.fields.append("cell")

    def _writable(self, row: ParsedRow, plan: RowPlan, column: Column | None) -> bool:
        """The services' read-only rule (members.services.ensure_writable), reported at the row
        and the first column that would change a graduated or withdrawn person."""
        try:
            ensure_writable(plan.person)
        except ValidationError as error:
            for message in error.messages:
                self.error(row.row, column, message)
            return False
        return True

    def _validate_person(self, plan: RowPlan) -> None:
        """The person's supplied fields, checked as Model.clean_fields checks them."""
        for model_field, column, verdicts in self._validated:
            value = getattr(plan.person, model_field.attname)
            # A field's verdict on a value (length, choices, blank) does not depend on the rest
            # of the row, and a file repeats its cohorts, classes and dates: each checked once.
            messages = verdicts.get(value)
            if messages is None:
                messages = verdicts[value] = _messages(model_field, value)
            for message in messages:
                self.error(plan.row, column, message)

    def _check_profile_dates(self, row: ParsedRow, plan: RowPlan) -> None:
        """The Youth Union date after the birth (Person.clean's rule; the bulk write skips it)."""
        person = plan.person
        problem = youth_union_date_problem(person.date_of_birth, person.youth_union_date)
        if problem:
            key = "youth_union_date" if "youth_union_date" in row.fields else "date_of_birth"
            self.error(plan.row, BY_KEY[key], problem)

    # --- steps -------------------------------------------------------------------------

    def _plan_steps(self, row: ParsedRow, plan: RowPlan, existing: dict) -> dict | None:
        """Work out the step writes and check them; the final steps by kind, or None on error."""
        changes = plan.details
        final = dict(existing)
        for column in self.step_columns:
            kind, day = column.step, row.steps[column.step]
            current = existing.get(kind)
            number = row.decision_number if kind == StepKind.DECISION else None
            if day is None:
                if number:
                    self.error(
                        row.row,
                        BY_KEY["decision_number"],
                        _("Có số quyết định kết nạp nhưng thiếu ngày quyết định kết nạp."),
                    )
                if current is not None and self._erases(plan, column, dmy(current.date)):
                    plan.removed_steps.append(current)
                    del final[kind]
                    changes.append(_("Xóa “%(step)s”") % {"step": column.header})
                continue
            if current is None:
                step = PlannedStep(
                    kind=kind,
                    date=day,
                    document_number=number or "",
                    cycle=plan.person.admission_cycle,
                )
                plan.new_steps.append(step)
                final[kind] = step
                if not plan.created:
                    changes.append(f"{column.header}: {dmy(day)}")
            elif current.date != day or (number is not None and number != current.document_number):
                changes.append(f"{column.header}: {dmy(current.date)} → {dmy(day)}")
                current.date = day
                if number is not None:
                    current.document_number = number
                plan.changed_steps.append(current)
        self._plan_number_only(row, plan, existing, changes)
        if self._row_errors or not self._check_steps(row, plan, existing, final):
            return None
        if changes and not plan.created:
            self.report.changes.append(
                RowChange(row.row, plan.person.code, plan.person.full_name, changes)
            )
        return final

    def _plan_number_only(self, row: ParsedRow, plan: RowPlan, existing: dict, changes) -> None:
        """A file with the decision number but not the decision date corrects the number only."""
        if row.decision_number is None or self.table.has("decision"):
            return
        decision = existing.get(StepKind.DECISION)
        if decision is None:
            if row.decision_number:
                self.error(
                    row.row,
                    BY_KEY["decision_number"],
                    _("Có số quyết định kết nạp nhưng chưa có quyết định kết nạp."),
                )
            return
        if decision.document_number != row.decision_number:
            changes.append(
                f"{BY_KEY['decision_number'].header}: {decision.document_number or '—'} → "
                f"{row.decision_number or '—'}"
            )
            decision.document_number = row.decision_number
            plan.changed_steps.append(decision)

    def _check_steps(self, row: ParsedRow, plan: RowPlan, existing: dict, final: dict) -> bool:
        last_existing = max((procedure_order(kind) for kind in existing), default=-1)
        inserted = [step for step in plan.new_steps if procedure_order(step.kind) <= last_existing]
        rewrites = plan.changed_steps + plan.removed_steps + inserted
        age_changed = any(name in plan.fields for name in RULE_PERSON_FIELDS) and bool(final)
        written = plan.new_steps + plan.changed_steps + plan.removed_steps
        if written:
            first = min(written, key=lambda step: procedure_order(step.kind))
            if not self._writable(row, plan, STEP_COLUMN_OF.get(StepKind(first.kind))):
                return False
        if (rewrites or age_changed) and all(step.is_historical for step in existing.values()):
            # Corrections rewrite imported steps only, so the whole corrected set is rechecked.
            known, to_check = {}, list(final.values())
        elif rewrites:
            for step in rewrites:
                self.error(
                    row.row,
                    STEP_COLUMN_OF.get(StepKind(step.kind)),
                    _(
                        "Hồ sơ đã có bước ghi trong phần mềm nên không sửa, xóa hay chèn bước "
                        "“%(step)s” bằng tệp nhập; hãy sửa trên trang hồ sơ học viên."
                    )
                    % {"step": StepKind(step.kind).label},
                )
            return False
        else:
            known, to_check = dict(existing), plan.new_steps
        try:
            if age_changed and known:
                # Steps recorded in the app stay; the new birth date must still fit them.
                StepChecker(plan.person, {}, self.rules).check_in_order(
                    known.values(), today=self.today, on_record=True
                )
            StepChecker(plan.person, known, self.rules).check_in_order(to_check, today=self.today)
        except BrokenStep as error:
            column = STEP_COLUMN_OF.get(error.kind)
            for messages in error.message_dict.values():
                for message in messages:
                    self.error(row.row, column, message)
            return False
        return True

    def _set_derived(self, plan: RowPlan, final: dict) -> None:
        """Status, stage and next due date, from the function the services use."""
        for name, value in derived.person_fields(final, self.rules).items():
            if plan.created or getattr(plan.person, name) != value:
                setattr(plan.person, name, value)
                if not plan.created:
                    plan.fields.append(name)

    def _set_stage_days(self, plan: RowPlan, final: dict) -> None:
        """Each step's days since the step before it, as the step services store them."""
        for kind, step in final.items():
            days = stage_days(final, kind)
            if step.stage_days == days:
                continue
            step.stage_days = days
            if isinstance(step, AdmissionStep) and step not in plan.changed_steps:
                plan.restaged_steps.append(step)

    def _warn_late(self, row: int, plan: RowPlan, final: dict) -> None:
        """Deadlines missed in old data are shown, not refused."""
        # Kinds as stored (text) or planned (StepKind) compare and hash alike.
        written = {step.kind for step in plan.new_steps + plan.changed_steps}
        rules = self.rules
        course = final.get(StepKind.AWARENESS_COURSE)
        decision = final.get(StepKind.DECISION)
        ceremony = final.get(StepKind.CEREMONY)
        conversion = final.get(StepKind.CONVERSION_DECISION)
        if decision and course and written & {StepKind.DECISION, StepKind.AWARENESS_COURSE}:
            valid_until = add_months(course.date, rules.awareness_certificate_valid_months)
            if decision.date > valid_until:
                self.warn(
                    row,
                    BY_KEY["decision"],
                    _(
                        "Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng (%(course)s) có giá trị "
                        "%(months)s tháng, hết hạn %(until)s, trước ngày quyết định kết nạp."
                    )
                    % {
                        "course": dmy(course.date),
                        "months": rules.awareness_certificate_valid_months,
                        "until": dmy(valid_until),
                    },
                )
        if ceremony and decision and written & {StepKind.DECISION, StepKind.CEREMONY}:
            due = add_working_days(decision.date, rules.ceremony_deadline_working_days)
            if ceremony.date > due:
                self.warn(
                    row,
                    BY_KEY["ceremony"],
                    _(
                        "Lễ kết nạp muộn: quá %(days)s ngày làm việc kể từ quyết định kết nạp "
                        "(%(decision)s), hạn là %(due)s."
                    )
                    % {
                        "days": rules.ceremony_deadline_working_days,
                        "decision": dmy(decision.date),
                        "due": dmy(due),
                    },
                )
        if conversion and ceremony and written & {StepKind.CEREMONY, StepKind.CONVERSION_DECISION}:
            probation_end = add_months(ceremony.date, rules.probation_months)
            days = (
                rules.conversion_vote_deadline_working_days
                + rules.conversion_decision_deadline_working_days
                + rules.conversion_decision_extension_working_days
            )
            due = add_working_days(probation_end, days)
            if conversion.date > due:
                self.warn(
                    row,
                    BY_KEY["conversion"],
                    _(
                        "Công nhận chính thức muộn: hết dự bị ngày %(end)s, chậm nhất phải có "
                        "quyết định ngày %(due)s."
                    )
                    % {"end": dmy(probation_end), "due": dmy(due)},
                )


class NewPeople:
    """Unsaved Person instances for thousands of rows, at a fraction of the cost of
    Person(**values): made as Django unpickles an instance (`unsaved_person`); the defaults are
    worked out once (a callable default is still called for each person, as the model would).
    """

    def __init__(self):
        fields = Person._meta.concrete_fields
        self.defaults = {f.attname: f.get_default() for f in fields if not _calls_default(f)}
        self.called = [model_field for model_field in fields if _calls_default(model_field)]

    def build(self, values: dict[str, object], *, cell: PartyCell) -> Person:
        """A new person of `values` (by field name: no foreign key among them) in `cell`."""
        called = {f.attname: f.get_default() for f in self.called}
        return unsaved_person({**self.defaults, **called, **values, "cell_id": cell.pk}, cell=cell)


def unsaved_person(values: dict, *, cell: PartyCell) -> Person:
    """A new person of every column's value (by attname), made as Django unpickles a model
    instance: Model.__init__'s handling of forty values was most of the cost of each row."""
    person = Person.__new__(Person)
    person.__dict__.update(values, id=None)
    person._state = ModelState()
    Person.cell.field.set_cached_value(person, cell)
    return person


def _calls_default(model_field) -> bool:
    return model_field.has_default() and callable(model_field.default)


def _messages(model_field, value) -> list[str]:
    """What Model.clean_fields says of `value` in `model_field`."""
    if model_field.blank and value in model_field.empty_values:
        return []
    try:
        model_field.clean(value, None)
    except ValidationError as error:
        return error.messages
    return []


def _shown(value, key: str) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date):
        return dmy(value)
    if key == "gender":
        return str(Gender(value).label)
    choices = BY_KEY[key].choices if key in BY_KEY else None
    if choices is not None:
        return str(choices(value).label)
    return str(value)


def _is_blank(value) -> bool:
    return value is None or value == ""
