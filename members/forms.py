"""Forms of the members pages. They validate input only; the services check the rules and save."""

import datetime
from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import ranges
from core.concurrency import VersionedFormMixin
from core.forms import LongSelect
from core.ranges import is_storable_id
from units.models import PartyCell

from .choices import (
    HELPER_ASSIGNMENT,
    VOTE_OF_FAILED,
    AssignmentKind,
    PartyStatus,
    PersonKind,
    QualityRating,
    StepKind,
)
from .models import AdmissionStep, Assignment, Evaluation, Person
from .names import cohort_key
from .planning import PACE_RANGE, planned_kinds
from .profile import PROFILE_FIELDS
from .selectors import (
    assignment_rows,
    cell_rating_rows,
    cell_rating_sheet,
    evaluation_rows,
    helper_assignment,
    introducer_choices,
    official_member_count,
    official_members_near,
    official_members_on,
    people_near,
)
from .widgets import PersonPicker, PersonPickerOne


def date_input() -> forms.DateInput:
    # A text box typed as dd/mm/yyyy: the browser's date picker would show the US order.
    return forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"})


class PersonChoiceField(forms.ModelChoiceField):
    """People are chosen by name; the code and cell tell namesakes apart."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} · {obj.code} · {obj.cell.name}"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = PersonChoiceField.label_from_instance

    def clean(self, value):
        # An id past the database's integer range names no one; SQLite would raise an
        # OverflowError on the lookup instead of finding nothing.
        for pk in value or ():
            if not is_storable_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


PERSON_FORM_FIELDS = [
    "kind",
    "code",
    "full_name",
    "date_of_birth",
    "gender",
    "hometown",
    "education_level",
    "position",
    "cohort",
    "class_name",
    "programme",
    "enrolment_date",
    "expected_graduation_date",
    "study_status",
    "youth_union_date",
    *PROFILE_FIELDS,
]
PERSON_DATE_FIELDS = [
    "date_of_birth",
    "enrolment_date",
    "expected_graduation_date",
    "youth_union_date",
    "party_card_date",
]


NEW_COHORT = "__new__"
# The sections of the person form: what every person has, then a cadet's, then a cadre's.
COMMON_FIELDS = [
    "kind",
    "code",
    "full_name",
    "cell",
    "joined_on",
    "date_of_birth",
    "gender",
    "education_level",
    "study_status",
]
CADET_FIELDS = [
    "cohort",
    "new_cohort",
    "class_name",
    "programme",
    "enrolment_date",
    "expected_graduation_date",
]
CADRE_FIELDS = ["position"]
PROFILE_SECTION = ["hometown", "youth_union_date", *PROFILE_FIELDS]


class PersonForm(forms.ModelForm):
    """A person's details; the cell is chosen on creation and changed only by a move.

    The cohort is chosen from the cohorts already recorded (`cohorts`), so that a typo does not
    open a new one; a new cohort is typed deliberately after choosing "Khóa mới…"."""

    cohort = forms.ChoiceField(label=_("Khóa"), required=False)
    new_cohort = forms.CharField(
        label=_("Tên khóa mới"),
        max_length=20,
        required=False,
        help_text=_("Chỉ khi mở khóa mới: chọn “Khóa mới…” ở mục Khóa rồi nhập tên, ví dụ K61."),
    )

    # The summary of errors lists the fields in the order of the sections.
    field_order = [*COMMON_FIELDS, *CADET_FIELDS, *CADRE_FIELDS, *PROFILE_SECTION]

    class Meta:
        model = Person
        fields = PERSON_FORM_FIELDS
        widgets = {name: date_input() for name in PERSON_DATE_FIELDS}
        help_texts = {
            "citizen_id": _("12 chữ số trên thẻ căn cước (CCCD)."),
            "general_education": _("Lớp đã học xong trên số lớp của hệ, ví dụ 12/12."),
            "party_file_number": _("Số lý lịch đảng viên trên hồ sơ đảng viên."),
            "position": _("Với cán bộ: chức vụ, đơn vị công tác."),
            "study_status": _("Hồ sơ đã tốt nghiệp hoặc thôi học chỉ còn được xem."),
        }

    def __init__(self, *args, cohorts: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.cohorts = list(cohorts)
        current = self.instance.cohort if self.instance.pk else ""
        if current and current not in self.cohorts:
            self.cohorts.append(current)
        cast(forms.ChoiceField, self.fields["cohort"]).choices = [
            ("", _("— Chưa có khóa —")),
            *[(cohort, cohort) for cohort in self.cohorts],
            (NEW_COHORT, _("Khóa mới…")),
        ]
        # Eleven lists (55 ethnic groups, 19 religions, 18 ranks...): written in Python, one
        # template include per option otherwise.
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = LongSelect(attrs=field.widget.attrs, choices=field.widget.choices)
                field.widget.is_required = field.required
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        present = [name for name in self.fields if name != "seen_version"]

        def section(legend, names, kind=""):
            # static/js/app.js shows a kind's section only for that kind.
            attrs = {"data_show_if_field": "id_kind", "data_show_if_value": kind} if kind else {}
            fields = [
                Div(name, data_show_if_field="id_cohort", data_show_if_value=NEW_COHORT)
                if name == "new_cohort"
                else name
                for name in names
                if name in present
            ]
            return Fieldset(legend, *fields, **attrs)

        self.helper.layout = Layout(
            *(["seen_version"] if "seen_version" in self.fields else []),
            section(_("Thông tin chung"), COMMON_FIELDS),
            section(_("Học viên"), CADET_FIELDS, PersonKind.CADET),
            section(_("Cán bộ"), CADRE_FIELDS, PersonKind.CADRE),
            section(_("Lý lịch"), PROFILE_SECTION),
        )

    def clean(self):
        data = super().clean() or {}
        typed = " ".join(data.get("new_cohort", "").split())
        if data.get("cohort") == NEW_COHORT:
            if not typed:
                self.add_error("new_cohort", _("Nhập tên khóa mới."))
                return data
            # A "new" cohort that is an existing one spelt otherwise is the existing one.
            same = [cohort for cohort in self.cohorts if cohort_key(cohort) == cohort_key(typed)]
            data["cohort"] = same[0] if same else typed
        elif typed:
            self.add_error(
                "new_cohort",
                _("Muốn mở khóa mới thì chọn “Khóa mới…” ở mục Khóa; nếu không, xóa ô này."),
            )
        return data

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PERSON_FORM_FIELDS}


class PersonEditForm(VersionedFormMixin, PersonForm):
    """Remembers the version it showed, so a concurrent edit is refused, not overwritten."""


class PersonCreateForm(PersonForm):
    cell = forms.ModelChoiceField(label=_("Chi bộ"), queryset=PartyCell.objects.none())
    joined_on = forms.DateField(
        label=_("Ngày vào chi bộ"),
        required=False,
        widget=date_input(),
        help_text=_("Để trống: tính từ ngày nhập học (cán bộ: từ hôm nay)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["cell"]).queryset = PartyCell.objects.visible_to(
            user
        )


class PersonMoveForm(VersionedFormMixin, forms.Form):
    cell = forms.ModelChoiceField(label=_("Chuyển đến chi bộ"), queryset=PartyCell.objects.none())
    on = forms.DateField(label=_("Từ ngày"), widget=date_input())

    def __init__(self, *args, person: Person, user, today: datetime.date, **kwargs):
        super().__init__(*args, record=person, **kwargs)
        cast(forms.ModelChoiceField, self.fields["cell"]).queryset = (
            PartyCell.objects.visible_to(user)
            .filter(battalion_id=person.cell.battalion_id)
            .exclude(pk=person.cell_id)
        )
        self.initial.setdefault("on", today)


class PersonConfirmForm(VersionedFormMixin, forms.Form):
    """A button about a person (deleting the last step, extending a deadline): it carries the
    person's version, as a step recorded since the page was shown changes what it would do."""


VOTE_FIELDS = [
    "votes_eligible",
    "votes_eligible_reason",
    "votes_present",
    "votes_for",
    "votes_against",
]
# The fields each kind of step needs beyond date, form and document; the page shows only these.
KIND_FIELDS = {
    StepKind.LISTED: ["helper"],
    StepKind.INTRODUCTION: [
        "introducers",
        "by_youth_union",
        "no_youth_union_organisation",
        "replacement_introducer",
        "replacement_reason",
    ],
    StepKind.CELL_VOTE: VOTE_FIELDS,
    StepKind.COMMITTEE_VOTE: VOTE_FIELDS,
    StepKind.CEREMONY: ["helper"],
    StepKind.CONVERSION_VOTE: VOTE_FIELDS,
    StepKind.CONVERSION_COMMITTEE: VOTE_FIELDS,
    StepKind.STRUCK_OFF: ["exit_ground"],
    StepKind.EXPELLED: ["exit_ground"],
    StepKind.READMISSION: ["record_cleared_on"],
}
# The Youth Union's resolution (4-KNĐ) and one member's introduction (3-KNĐ), instead of two
# members' introductions (3-KNĐ each).
YOUTH_UNION_FORMS = "4-KNĐ, 3-KNĐ"


class StepForm(VersionedFormMixin, forms.ModelForm):
    """The next step of a person: only the kinds that could come next are offered. It carries
    the person's version: a step recorded meanwhile changes what may come next."""

    helper = PersonChoiceField(
        label=_("Đảng viên được phân công giúp đỡ"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Chưa phân công"),
        help_text=_("Đảng viên chính thức theo dõi, giúp đỡ người này."),
        widget=PersonPickerOne,
    )

    class Meta:
        model = AdmissionStep
        fields = [
            "kind",
            "date",
            "form_code",
            "document_number",
            *VOTE_FIELDS,
            "introducers",
            "by_youth_union",
            "no_youth_union_organisation",
            "replacement_introducer",
            "replacement_reason",
            "exit_ground",
            "record_cleared_on",
            "helper",
            "notes",
        ]
        field_classes = {
            "introducers": PeopleChoiceField,
            "replacement_introducer": PersonChoiceField,
        }
        widgets = {
            "date": date_input(),
            "record_cleared_on": date_input(),
            "introducers": PersonPicker,
            "replacement_introducer": forms.Select,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "introducers": _(
                "Hai đảng viên chính thức; nếu BCH Đoàn cơ sở giới thiệu thì chọn một. Người "
                "chưa đủ điều kiện vào ngày giới thiệu hiện màu xám kèm lý do."
            ),
            "replacement_introducer": _(
                "Một trong những người giới thiệu, thay người trước đã chuyển đi, bị kỷ luật "
                "hoặc từ trần: không cần đủ 12 tháng cùng công tác (Quy định 24-QĐ/TW, 3.2.2)."
            ),
            "form_code": _("Điền sẵn theo bước đã chọn (Hướng dẫn 12-HD/BTCTW)."),
            "record_cleared_on": _(
                "Chỉ khi người đó ra khỏi Đảng vì bị kết án về tội phạm ít nghiêm trọng: xét "
                "kết nạp lại sau 60 tháng kể từ ngày được xóa án tích (Quy định 294-QĐ/TW, 3.5.1)."
            ),
            "votes_eligible": _(
                "Điền sẵn số đảng viên chính thức của chi bộ vào ngày họp theo hồ sơ (danh sách "
                "bên dưới); để trống cũng lấy số theo hồ sơ."
            ),
            "votes_eligible_reason": _(
                "Chỉ cần khi số đảng viên chính thức khác hồ sơ, ví dụ có đảng viên chuyển "
                "sinh hoạt tạm thời."
            ),
        }

    def __init__(
        self,
        *args,
        person: Person,
        user,
        kinds: list[StepKind],
        today: datetime.date,
        day: datetime.date | None = None,
        record=None,
        **kwargs,
    ):
        """`day` is the meeting day asked for (the page reloads its figure when the date
        changes); the vote figure and the list of members are those of that day. `record`: what
        the version is of (the person's, unless a subclass says otherwise)."""
        super().__init__(*args, record=record or person, **kwargs)
        self.person = person
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (kind.value, kind.label) for kind in kinds
        ]
        self.fields["votes_eligible"].required = False
        members = official_members_near(person, user)
        for name in ("introducers", "replacement_introducer", "helper"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = members
        # The cell's vote lists the official members behind its figure; the grassroots
        # committee's vote is measured against the battalion's number of committee members.
        self.has_vote = any(kind.has_vote and not kind.is_committee_vote for kind in kinds)
        self.meeting_day = day or today
        committee_vote = bool(kinds) and kinds[0].is_committee_vote
        if committee_vote:
            self.fields["votes_eligible"].label = _("Số ủy viên đảng ủy cơ sở")
            self.fields["votes_eligible"].help_text = _(
                "Điền sẵn theo thiết lập của tiểu đoàn; cần ít nhất 2/3 số cấp ủy viên tán thành."
            )
            self.fields["votes_eligible_reason"].help_text = _(
                "Chỉ cần khi số cấp ủy viên khác thiết lập của tiểu đoàn."
            )
        if any(set(KIND_FIELDS.get(kind, ())) & {"introducers", "helper"} for kind in kinds):
            # Who may be chosen on the step's day, by the rule the checker applies on saving.
            choices = introducer_choices(person, user, day=self._day_typed() or self.meeting_day)
            for name in ("introducers", "helper"):
                widget = self.fields[name].widget
                widget.choices_info = choices
                widget.own_cell_id = person.cell_id
        if not self.is_bound and kinds:
            first = kinds[0]
            self.initial.setdefault("kind", first.value)
            self.initial.setdefault("date", self.meeting_day)
            self.initial.setdefault("form_code", first.default_form)
            if committee_vote:
                self.initial.setdefault("votes_eligible", person.cell.battalion.committee_members)
            elif self.has_vote:
                self.initial.setdefault(
                    "votes_eligible", official_member_count(person.cell, self.meeting_day)
                )

    def _day_typed(self) -> datetime.date | None:
        """The step's date as sent, when it is a date."""
        if not self.is_bound:
            return None
        try:
            return self.fields["date"].clean(self["date"].data)
        except ValidationError:
            return None

    def follow_meeting_day(self, url: str) -> None:
        """When the date changes, the page asks `url` for that day's figure and list (htmx)."""
        if self.has_vote:
            self.fields["date"].widget.attrs.update(
                {
                    "hx-get": url,
                    "hx-trigger": "change",
                    "hx-params": "date",
                    "hx-target": "#official-roll",
                    "hx-select": "#official-roll",
                    "hx-select-oob": "#id_votes_eligible",
                    "hx-swap": "outerHTML",
                }
            )

    def official_roll(self) -> dict | None:
        """Who the records count as the cell's official members on the meeting day: the list
        behind the pre-filled figure (None when no vote can be recorded)."""
        if not self.has_vote:
            return None
        day = self.meeting_day
        if self.is_bound and self.is_valid():
            day = self.cleaned_data["date"]
        members = official_members_on(self.person.cell, day).select_related("cell")
        return {"day": day, "members": list(members.order_by("sort_name"))}

    def step_details(self) -> dict:
        """Keyword arguments for services.step_record: the fields of the chosen kind only, so
        that values left in hidden fields are never recorded."""
        data = self.cleaned_data
        kind = StepKind(data["kind"])
        details = {
            "kind": kind,
            "date": data["date"],
            "document_number": data["document_number"],
            "notes": data["notes"],
        }
        if data["form_code"]:
            details["form_code"] = data["form_code"]
        for name in KIND_FIELDS.get(kind, []):
            value = data[name]
            details[name] = list(value) if name == "introducers" else value
        return details

    @staticmethod
    def page_data() -> dict:
        """What static/js/members.js needs to fit the form to the chosen kind."""
        return {
            "fields": {kind.value: kind_fields(kind) for kind in StepKind},
            "optional": sorted({name for names in KIND_FIELDS.values() for name in names}),
            "forms": {kind.value: kind.default_form for kind in StepKind},
            "youthUnionForms": YOUTH_UNION_FORMS,
        }


def kind_fields(kind: StepKind) -> list[str]:
    """The fields a step of `kind` has beyond date, form and document (a failed vote: its
    vote's)."""
    return KIND_FIELDS.get(VOTE_OF_FAILED.get(kind, kind), [])


class StepCorrectForm(StepForm):
    """A recorded step, corrected: its date, document and the fields of its kind. The kind is
    shown, not changed (a wrong kind is deleted and recorded again). It carries the step's
    version: someone else's correction meanwhile is not overwritten."""

    def __init__(self, *args, step: AdmissionStep, user, today: datetime.date, **kwargs):
        kind = StepKind(step.kind)
        self.helper_assignment = helper_assignment(step)
        kwargs.setdefault("initial", {})
        if self.helper_assignment is not None:
            kwargs["initial"].setdefault("helper", self.helper_assignment.mentor_id)
        super().__init__(
            *args,
            person=step.person,
            user=user,
            kinds=[kind],
            today=today,
            day=kwargs.pop("day", None) or step.date,
            record=step,
            instance=step,
            **kwargs,
        )
        self.fields["kind"].disabled = True
        wanted = {"kind", "date", "form_code", "document_number", "notes", "seen_version"}
        wanted |= set(kind_fields(kind))
        if kind not in HELPER_ASSIGNMENT:
            wanted.discard("helper")
        for name in set(self.fields) - wanted:
            del self.fields[name]

    def correction(self) -> dict:
        """Keyword arguments for services.step_correct: the fields the form shows."""
        data = self.cleaned_data
        names = set(self.fields) - {"kind", "seen_version"}
        return {name: list(data[name]) if name == "introducers" else data[name] for name in names}


class AssignmentForm(VersionedFormMixin, forms.ModelForm):
    """Who helps or cultivates whom; the person of the page is one of the two. It carries the
    version of the person's assignments."""

    class Meta:
        model = Assignment
        fields = ["kind", "mentor", "mentee", "start_date", "notes"]
        field_classes = {"mentor": PersonChoiceField, "mentee": PersonChoiceField}
        # The same picker as the introducers': grouped by cell, the person's first, searched
        # without diacritics; radio buttons without JavaScript.
        widgets = {
            "mentor": PersonPickerOne,
            "mentee": PersonPickerOne,
            "start_date": date_input(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, person: Person, user, today: datetime.date, **kwargs):
        super().__init__(*args, record=assignment_rows(person), **kwargs)
        self.person = person
        people = people_near(person, user)
        mentor = cast(forms.ModelChoiceField, self.fields["mentor"])
        mentor.queryset = people.filter(
            party_status__in=[PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY]
        )
        cast(forms.ModelChoiceField, self.fields["mentee"]).queryset = people
        for name in ("mentor", "mentee"):
            # Both are required: no "none" button.
            cast(forms.ModelChoiceField, self.fields[name]).empty_label = None
            self.fields[name].widget.own_cell_id = person.cell_id
            self.fields[name].widget.own_cell_note = _("chi bộ của %(name)s") % {
                "name": person.full_name
            }
        if not self.is_bound:
            self.initial.update(_assignment_initial(person))
            self.initial.setdefault("start_date", today)

    def clean(self):
        data = super().clean()
        if self.person not in (data.get("mentor"), data.get("mentee")):
            raise ValidationError(
                _("%(name)s phải là người giúp đỡ hoặc người được giúp đỡ.")
                % {"name": self.person.full_name}
            )
        return data


def _assignment_initial(person: Person) -> dict:
    # A probationary member is usually given non-members to cultivate; anyone else is the one
    # being helped.
    if person.party_status == PartyStatus.PROBATIONARY:
        return {"kind": AssignmentKind.CULTIVATE, "mentor": person.pk}
    return {"kind": AssignmentKind.HELP_CANDIDATE, "mentee": person.pk}


class EvaluationForm(VersionedFormMixin, forms.ModelForm):
    """Carries the version of the person's evaluations."""

    class Meta:
        model = Evaluation
        fields = ["date", "study", "training", "movement", "comment"]
        widgets = {"date": date_input(), "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, record=evaluation_rows(person), **kwargs)


class RatingYearForm(forms.Form):
    """The year a cell's rating page shows (?nam=)."""

    nam = forms.IntegerField(label=_("Năm"), validators=ranges.PAST_YEAR)


class PlanningPaceForm(VersionedFormMixin, forms.Form):
    """The battalion's pace for the admission plan: days before each step, blank for the
    median of its own stage durations (shown as the placeholder). Carries the battalion's
    version."""

    def __init__(self, *args, battalion, current: dict[str, int], **kwargs):
        super().__init__(*args, record=battalion, **kwargs)
        low, high = PACE_RANGE
        for kind in planned_kinds():
            self.fields[kind.value] = forms.IntegerField(
                label=kind.label,
                required=False,
                min_value=low,
                max_value=high,
                initial=(battalion.planning_pace_days or {}).get(kind.value),
                widget=forms.NumberInput(attrs={"placeholder": current.get(kind)}),
                help_text=_("Để trống: theo trung vị của tiểu đoàn (hiện %(days)s ngày).")
                % {"days": current.get(kind)},
            )

    def pace(self) -> dict[str, int | None]:
        return {kind.value: self.cleaned_data.get(kind.value) for kind in planned_kinds()}


class RatingRowForm(forms.Form):
    """One member's grade on the cell's rating page; empty: not rated (removes a rating)."""

    rating = forms.ChoiceField(
        label=_("Xếp loại"),
        choices=[("", _("— chưa xếp loại —")), *QualityRating.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class CellRatingsVersionForm(VersionedFormMixin, forms.Form):
    """Carries the version of the cell's ratings for the year (core.concurrency)."""

    def __init__(self, *args, cell, year: int, **kwargs):
        super().__init__(*args, record=cell_rating_rows(cell, year), **kwargs)


class CellRatingSheet:
    """A cell's ratings for a year as one page: a form per member (prefixed by the person's id,
    so a row cannot be swapped for another by its position) and the version they were shown
    at. Rows of people no longer changed are shown disabled: what they post is ignored."""

    def __init__(self, data, *, cell, year: int):
        self.version = CellRatingsVersionForm(data, cell=cell, year=year)
        self.rows = []
        for row in cell_rating_sheet(cell, year):
            form = RatingRowForm(data, prefix=f"p{row.person.pk}", initial={"rating": row.grade})
            form.fields["rating"].disabled = not row.editable
            self.rows.append((row, form))

    def is_valid(self) -> bool:
        return all([self.version.is_valid(), *(form.is_valid() for _, form in self.rows)])

    def ratings(self) -> dict[int, str | None]:
        return {
            row.person.pk: form.cleaned_data["rating"] or None
            for row, form in self.rows
            if row.editable
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """A row's error on its row, the others above the table."""
        forms_by_id = {str(row.person.pk): form for row, form in self.rows}
        if not hasattr(error, "error_dict"):
            self.version.add_error(None, error)
            return
        for key, errors in error.error_dict.items():
            target = forms_by_id.get(key)
            if target is not None:
                target.add_error("rating", errors)
            else:
                self.version.add_error(None, errors)
