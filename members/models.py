"""Cadets, cadres and every recorded step of their way into the Party.

A person's party status, current stage and next due date are derived from the recorded steps by
`members.services.person_refresh_status`; they are stored only so that lists can filter and sort
in the database, and no form ever writes them.
"""

import datetime
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import ranges
from core.choices import ChoiceLabels
from core.scoping import ScopedQuerySet, scope_filter
from units.models import Battalion, PartyCell

from .choices import (
    PROBATION_STEPS,
    REDONE_FILES,
    TARGET_PROGRAMME,
    VOTE_OF_FAILED,
    AssignmentKind,
    EducationLevel,
    Ethnicity,
    ExitGround,
    Gender,
    Grade,
    MilitaryRank,
    PartyStatus,
    PersonKind,
    PoliticalTheory,
    Programme,
    QualityRating,
    Religion,
    ReplacementReason,
    StepKind,
    StudyStatus,
    TransferKind,
    TransferRoute,
    TransferState,
)
from .names import name_keys, search_key
from .profile import GeneralEducationValidator, citizen_id_validator, youth_union_date_problem


class SearchedText(models.Func):
    """`search_text || ' ' || LOWER(code)`: the text a search looks in, the expression of the
    trigram index person_search_code_trgm (members/migrations/0038), written as the index
    is so that PostgreSQL matches the two. A word of a search in each of the name key and the
    code was an OR of two index scans, each reading the posting lists of its trigrams: at a
    million people a search of two common words read about 90,000 entries twice (issue 17)."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = models.TextField()

    def __init__(self):
        super().__init__(models.F("search_text"), Lower("code"))


class PersonQuerySet(ScopedQuerySet):
    def cadets(self):
        return self.filter(kind=PersonKind.CADET)

    def in_pipeline(self):
        """Candidates and probationary members: the people a cell is developing."""
        return self.filter(party_status__in=[PartyStatus.CANDIDATE, PartyStatus.PROBATIONARY])

    def search(self, text: str):
        """People whose name or code holds every word of `text`, in any order, diacritics
        optional: "058", "K57-058", "thu hang", "hang nguyen" all find Nguyễn Thu Hằng, K57-058.

        Each word is looked for in the name key and the code as one text (SearchedText): a
        word has no space, so it is in the one exactly when it is in the name or in the code.
        On PostgreSQL one trigram index of that text serves every word in one scan (migration
        0038); the name key is stored without diacritics already, so no unaccent() is needed
        at query time.
        """
        words = search_key(text).split()
        if not words:
            return self
        condition = models.Q()
        for word in words:
            condition &= models.Q(searched_text__contains=word)
        return self.alias(searched_text=SearchedText()).filter(condition)


class Person(ChoiceLabels, models.Model):
    kind = models.CharField(
        _("loại"), max_length=10, choices=PersonKind.choices, default=PersonKind.CADET
    )
    code = models.CharField(_("mã học viên / cán bộ"), max_length=30, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    date_of_birth = models.DateField(_("ngày sinh"), validators=ranges.PAST_DAY)
    gender = models.CharField(_("giới tính"), max_length=5, choices=Gender.choices)
    hometown = models.CharField(_("quê quán"), max_length=200, blank=True)
    education_level = models.CharField(
        _("trình độ học vấn"),
        max_length=20,
        choices=EducationLevel.choices,
        default=EducationLevel.UPPER_SECONDARY,
    )
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    # Looked up through person_cohort_name and person_cell_cohort (Meta.indexes).
    cohort = models.CharField(_("khóa"), max_length=20, blank=True)
    class_name = models.CharField(_("lớp"), max_length=40, blank=True)
    programme = models.CharField(
        _("hệ đào tạo"),
        max_length=20,
        choices=Programme.choices,
        blank=True,
        default=TARGET_PROGRAMME,
    )
    enrolment_date = models.DateField(
        _("ngày nhập học"), null=True, blank=True, validators=ranges.ANY_DAY
    )
    expected_graduation_date = models.DateField(
        _("ngày tốt nghiệp dự kiến"), null=True, blank=True, validators=ranges.ANY_DAY
    )
    study_status = models.CharField(
        _("tình trạng học tập"),
        max_length=10,
        choices=StudyStatus.choices,
        default=StudyStatus.STUDYING,
    )
    youth_union_date = models.DateField(
        _("ngày vào Đoàn"), null=True, blank=True, validators=ranges.PAST_DAY
    )
    # Indexed first in the composite indexes by cell (Meta.indexes), which serve its lookups
    # and the cell's protection on delete.
    cell = models.ForeignKey(
        PartyCell,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("chi bộ"),
        db_index=False,
    )
    # The lý lịch of 2-KNĐ, as the national party-member database holds it; all optional.
    # Blank is "not recorded": no ethnicity or religion is assumed.
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=Ethnicity.choices, blank=True)
    religion = models.CharField(_("tôn giáo"), max_length=20, choices=Religion.choices, blank=True)
    # Null when not recorded, so that the many people without one do not clash on uniqueness.
    citizen_id = models.CharField(
        _("số định danh cá nhân"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[citizen_id_validator],
        error_messages={
            "unique": _("Số định danh cá nhân này đã có ở một hồ sơ khác: mỗi người một số.")
        },
    )
    place_of_birth = models.CharField(_("nơi sinh"), max_length=200, blank=True)
    permanent_address = models.CharField(_("nơi thường trú"), max_length=300, blank=True)
    military_rank = models.CharField(
        _("cấp bậc"), max_length=20, choices=MilitaryRank.choices, blank=True
    )
    general_education = models.CharField(
        _("giáo dục phổ thông"),
        max_length=5,
        blank=True,
        validators=[GeneralEducationValidator()],
    )
    professional_qualification = models.CharField(
        _("chuyên môn, nghiệp vụ"), max_length=200, blank=True
    )
    political_theory = models.CharField(
        _("lý luận chính trị"), max_length=20, choices=PoliticalTheory.choices, blank=True
    )
    party_card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, blank=True)
    party_card_date = models.DateField(
        _("ngày cấp thẻ đảng viên"), null=True, blank=True, validators=ranges.PAST_DAY
    )
    party_file_number = models.CharField(_("số lý lịch đảng viên"), max_length=30, blank=True)

    # Derived from the name (see set_name_keys()).
    # Indexed in Meta.indexes (the lists' order); search_text by its trigram index (migration
    # 0017), since a search looks inside it: a btree on it was only written.
    sort_name = models.CharField(max_length=400, editable=False)
    search_text = models.CharField(max_length=200, editable=False)
    # Derived from the steps by services.person_refresh_status.
    party_status = models.CharField(
        _("tình trạng đảng viên"),
        max_length=15,
        choices=PartyStatus.choices,
        default=PartyStatus.NON_MEMBER,
        editable=False,
    )
    stage = models.CharField(
        _("bước hiện tại"), max_length=25, choices=StepKind.choices, blank=True, editable=False
    )
    stage_date = models.DateField(_("ngày của bước hiện tại"), null=True, editable=False)
    next_step = models.CharField(
        _("bước tiếp theo"), max_length=25, choices=StepKind.choices, blank=True, editable=False
    )
    next_due_date = models.DateField(_("hạn bước tiếp theo"), null=True, editable=False)
    admission_cycle = models.PositiveSmallIntegerField(_("lần kết nạp"), default=1, editable=False)
    # The awareness course of the current admission cycle (members.derived): the worklists find
    # the certificates about to end from the people (person_course_candidate), not by reading
    # each candidate's steps.
    course_date = models.DateField(
        _("ngày học lớp bồi dưỡng nhận thức về Đảng"), null=True, editable=False
    )

    # A person's history is read by the person's id: the copies of the record's own lookup
    # indexes (code, citizen ID, names, cohort) were only written, on every save and import.
    history = HistoricalRecords(
        no_db_index=["code", "citizen_id", "cohort", "search_text", "sort_name"],
        # The history names its user without a database constraint (Django still sets it to
        # null if the account is deleted): an import's history rows all name the same clerk,
        # and checking it row by row at commit was most of the foreign-key work.
        user_db_constraint=False,
    )
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("học viên / cán bộ")
        verbose_name_plural = _("học viên / cán bộ")
        ordering = ["sort_name"]
        # No pattern-ops (LIKE 'x%') copies of the text indexes: no query looks up a prefix, and
        # each was written on every save and imported row (issue 17).
        indexes = [
            models.Index(fields=["sort_name"], name="person_sort_name"),
            models.Index(fields=["cell", "party_status"]),
            models.Index(fields=["party_status", "next_due_date"]),
            # Who waits for a given step, by due date (conversions due, worklists).
            models.Index(fields=["next_step", "next_due_date"], name="person_next_step_due"),
            # The cohorts offered in a battalion's list filter, from the index alone.
            models.Index(fields=["cell", "cohort"], name="person_cell_cohort"),
            # The cadet list sorted by cohort or by due date (?sap_xep=, members.selectors
            # PEOPLE_SORTS), names in order within each: a page is read from the index.
            models.Index(fields=["cohort", "sort_name"], name="person_cohort_name"),
            models.Index(fields=["next_due_date", "sort_name"], name="person_due_name"),
            # The people of a few cells still studying, by party status and graduation: a
            # cell's board, a battalion's forecast and the members who could introduce its
            # cadets read only these rows, not those who left (most of a cell's history).
            models.Index(
                fields=["cell", "study_status", "party_status", "expected_graduation_date"],
                name="person_cell_studying",
            ),
            # Cadets due to graduate (the dashboard, the worklist).
            models.Index(
                fields=["study_status", "expected_graduation_date"], name="person_graduation"
            ),
            # The dashboard's funnel aggregates the open records of a whole academy; with the
            # columns it reads included (the key and admission cycle for its failed votes),
            # PostgreSQL answers from the index alone: at a million cadets reading the rows
            # instead was most of the dashboard's time (issue 17).
            models.Index(
                fields=["study_status", "party_status"],
                include=["stage", "stage_date", "next_due_date", "cell", "id", "admission_cycle"],
                name="person_pipeline_cover",
            ),
            # The academy's funnel again, read in the order of its stages and, within each, of
            # the days waited (whose median it takes): no sort of 77,000 open records at a
            # million cadets (issue 17; 56 ms, now 23).
            models.Index(
                fields=["stage", "stage_date"],
                include=["next_due_date", "cell", "id", "admission_cycle"],
                condition=models.Q(
                    study_status=StudyStatus.STUDYING,
                    party_status__in=[PartyStatus.CANDIDATE, PartyStatus.PROBATIONARY],
                ),
                name="person_pipeline_stage",
            ),
            # Probationary members due for their next step, by due date (the dashboard's
            # conversions due): the page's first rows and their count from the index alone.
            models.Index(
                fields=["next_due_date", "sort_name", "id"],
                include=["cell"],
                condition=models.Q(
                    study_status=StudyStatus.STUDYING, next_step__in=PROBATION_STEPS
                ),
                name="person_probation_due",
            ),
            # The people whose next step waits on someone or falls due, with their cell: a whole
            # academy's worklist counts them by battalion from the index alone (issue 17: reading
            # the 17,000 rows at a million cadets was 0.26 s).
            models.Index(
                fields=["next_step", "next_due_date"],
                include=["cell", "id"],
                condition=models.Q(study_status=StudyStatus.STUDYING, next_due_date__isnull=False),
                name="person_due_step_cell",
            ),
            # Candidates still studying by the date of their awareness course: the certificates
            # about to end (paperwork.selectors), instead of a look at the steps of each of a
            # whole academy's 37,000 candidates (0.3 s at a million cadets).
            models.Index(
                fields=["course_date"],
                include=["cell", "id", "admission_cycle"],
                condition=models.Q(
                    party_status=PartyStatus.CANDIDATE, study_status=StudyStatus.STUDYING
                ),
                name="person_course_candidate",
            ),
        ]
        constraints = [
            ranges.date_check("date_of_birth"),
            ranges.date_check("enrolment_date"),
            ranges.date_check("expected_graduation_date"),
            ranges.date_check("youth_union_date"),
            ranges.date_check("party_card_date"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.set_name_keys()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        problem = youth_union_date_problem(self.date_of_birth, self.youth_union_date)
        if problem:
            raise ValidationError({"youth_union_date": problem})

    def set_name_keys(self) -> None:
        """The sort and search keys follow the name on every write path (forms, admin, and the
        bulk writers that skip save(): import, synthetic data), never stale."""
        self.sort_name, self.search_text = name_keys(self.full_name)

    @property
    def is_read_only(self) -> bool:
        """People who left the unit (graduated, withdrew, transferred, died) stay on record but
        are no longer changed."""
        return self.study_status != StudyStatus.STUDYING


class CellMembership(models.Model):
    """A dated stay of a person in a cell: moves keep counts by cell true to history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="memberships")
    start_date = models.DateField(_("từ ngày"), validators=ranges.ANY_DAY)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True, validators=ranges.ANY_DAY)
    history = HistoricalRecords(user_db_constraint=False)  # as the person's history

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quá trình sinh hoạt ở chi bộ")
        verbose_name_plural = _("quá trình sinh hoạt ở chi bộ")
        ordering = ["person", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(end_date__isnull=True),
                name="one_open_membership_per_person",
            ),
            ranges.date_check("start_date"),
            ranges.date_check("end_date"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.cell}"


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TransferQuerySet":
        """A transfer belongs to the scope it leaves and to the scope it arrives in: a
        battalion's clerk sees the transfers sent to the battalion before a cell is chosen."""
        sent = scope_filter(user, "from_cell")
        if sent is None:
            return self.none()
        scope = user.scope
        if scope.whole_academy:
            return self.all()
        condition = sent | scope_filter(user, "to_cell")
        if not scope.cell_id:
            condition |= models.Q(to_battalion_id=scope.battalion_id)
        return self.filter(condition)

    def official(self) -> "TransferQuerySet":
        return self.filter(kind=TransferKind.OFFICIAL)

    def transferred_out(
        self,
        start: datetime.date,
        end: datetime.date,
        *,
        battalion_id: int | None = None,
        cell_id: int | None = None,
    ) -> "TransferQuerySet":
        """Official transfers that took a member out of the unit between `start` and `end`
        (both included), dated by the introduction: the member's stay ends that day. The unit
        is a cell, a battalion or (neither given) the whole academy, for which a move between
        its battalions is neither in nor out. Temporary transfers do not count: the member
        stays on the roll of their cell."""
        leaving = self.official().filter(introduced_on__range=(start, end))
        if cell_id:
            return leaving.filter(from_cell_id=cell_id)
        if battalion_id:
            return leaving.filter(from_cell__battalion_id=battalion_id)
        return leaving.filter(route=TransferRoute.OUT)

    def transferred_in(
        self,
        start: datetime.date,
        end: datetime.date,
        *,
        battalion_id: int | None = None,
        cell_id: int | None = None,
    ) -> "TransferQuerySet":
        """Official transfers that brought a member into the unit between `start` and `end`
        (both included), dated by the arrival (the day the stay in the cell starts). Members
        transferred in are never admissions: their earlier steps do not count as this unit's."""
        arriving = self.official().filter(
            state=TransferState.RECEIVED, received_on__range=(start, end)
        )
        if cell_id:
            return arriving.filter(to_cell_id=cell_id)
        if battalion_id:
            return arriving.filter(to_cell__battalion_id=battalion_id)
        return arriving.filter(route=TransferRoute.IN)


class Transfer(ChoiceLabels, models.Model):
    """A transfer of a member's party activity (chuyển sinh hoạt đảng) with its introduction
    letter: out of the academy, in from outside it, or between its battalions. Written only by
    `members.transfers`, which moves the person's stays to follow the dates."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("đảng viên")
    )
    route = models.CharField(_("hướng chuyển"), max_length=10, choices=TransferRoute.choices)
    kind = models.CharField(_("hình thức"), max_length=10, choices=TransferKind.choices)
    from_cell = models.ForeignKey(
        PartyCell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_out",
        verbose_name=_("chi bộ chuyển đi"),
    )
    to_battalion = models.ForeignKey(
        Battalion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
        verbose_name=_("tiểu đoàn chuyển đến"),
    )
    to_cell = models.ForeignKey(
        PartyCell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
        verbose_name=_("chi bộ tiếp nhận"),
    )
    # Out: where the member goes; in: where they come from.
    outside_unit = models.CharField(_("đơn vị ngoài Học viện"), max_length=200, blank=True)
    outside_committee = models.CharField(
        _("cấp ủy (tổ chức đảng) ngoài Học viện"), max_length=200, blank=True
    )
    letter_number = models.CharField(_("số giấy giới thiệu"), max_length=60, blank=True)
    # In: the committee whose decision admitted the member, as their file states; the forms
    # that cite the admission (10-, 11-, 13-, 14-KNĐ) name it rather than a committee here.
    admitted_by = models.CharField(_("cấp ủy quyết định kết nạp"), max_length=200, blank=True)
    introduced_on = models.DateField(_("ngày giới thiệu"), validators=ranges.ANY_DAY)
    # Derived by members.transfers from the rules (transfer_present_working_days).
    present_by = models.DateField(_("hạn xuất trình giấy giới thiệu"), editable=False)
    until = models.DateField(
        _("sinh hoạt tạm thời đến ngày"), null=True, blank=True, validators=ranges.ANY_DAY
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=TransferState.choices, default=TransferState.SENT
    )
    received_on = models.DateField(
        _("ngày nơi đến tiếp nhận"), null=True, blank=True, validators=ranges.ANY_DAY
    )
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    at_graduation = models.BooleanField(_("bàn giao khi tốt nghiệp"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("người ghi"),
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    history = HistoricalRecords()

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyển sinh hoạt đảng")
        verbose_name_plural = _("chuyển sinh hoạt đảng")
        ordering = ["-introduced_on", "-id"]
        indexes = [
            models.Index(fields=["route", "introduced_on"], name="transfer_route_date"),
            models.Index(fields=["state", "received_on"], name="transfer_state_received"),
        ]
        constraints = [
            ranges.date_check("introduced_on"),
            ranges.date_check("until"),
            ranges.date_check("received_on"),
            models.CheckConstraint(
                condition=models.Q(state=TransferState.SENT) | models.Q(received_on__isnull=False),
                name="transfer_received_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_route_display()} · {self.introduced_on:%d/%m/%Y}"

    @property
    def destination(self) -> str:
        """Where the member went: the outside unit, or the battalion (and cell) inside."""
        if self.route == TransferRoute.OUT:
            return ", ".join(part for part in (self.outside_unit, self.outside_committee) if part)
        if self.to_cell_id:
            return str(self.to_cell)
        return str(self.to_battalion or "")


class TemporaryMemberQuerySet(ScopedQuerySet):
    def present_on(self, day: datetime.date) -> "TemporaryMemberQuerySet":
        """Those attending on `day`: from the first day of the letter to its last, both
        included, unless a letter back ended the period earlier (they leave on that day)."""
        return self.filter(start_date__lte=day, until__gte=day).exclude(ended_on__lte=day)


class TemporaryMember(models.Model):
    """A party member of another organisation attending a cell for a while with a letter of
    temporary transfer (sinh hoạt đảng tạm thời đến; a cadet on a course, say). Not a Person:
    their official organisation keeps their record and their count, so no count, vote, report
    or introducer list of the cell can take them in. Written only by `members.temporary`."""

    cell = models.ForeignKey(
        PartyCell,
        on_delete=models.PROTECT,
        related_name="temporary_members",
        verbose_name=_("chi bộ sinh hoạt tạm thời"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    date_of_birth = models.DateField(_("ngày sinh"), validators=ranges.PAST_DAY)
    gender = models.CharField(_("giới tính"), max_length=5, choices=Gender.choices)
    party_status = models.CharField(
        _("đảng viên"),
        max_length=20,
        choices=[
            (PartyStatus.OFFICIAL.value, PartyStatus.OFFICIAL.label),
            (PartyStatus.PROBATIONARY.value, PartyStatus.PROBATIONARY.label),
        ],
    )
    home_unit = models.CharField(_("đơn vị nơi sinh hoạt chính thức"), max_length=200)
    home_committee = models.CharField(_("cấp ủy nơi sinh hoạt chính thức"), max_length=200)
    letter_number = models.CharField(_("số giấy giới thiệu sinh hoạt tạm thời"), max_length=60)
    start_date = models.DateField(_("từ ngày"), validators=ranges.ANY_DAY)
    until = models.DateField(_("đến ngày"), validators=ranges.ANY_DAY)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    ended_on = models.DateField(
        _("kết thúc sớm từ ngày"), null=True, blank=True, validators=ranges.ANY_DAY
    )
    end_letter_number = models.CharField(_("số giấy giới thiệu trở về"), max_length=60, blank=True)
    # The committee's consent to a longer stay (the member asks it, 232-QĐ/TW point 6.3.2);
    # `until` then holds the new last day, the history the former one.
    extension_number = models.CharField(_("số văn bản gia hạn"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("người ghi"),
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    history = HistoricalRecords()

    objects = TemporaryMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("đảng viên sinh hoạt tạm thời")
        verbose_name_plural = _("đảng viên sinh hoạt tạm thời")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["cell", "start_date"], name="temporary_cell_start")]
        constraints = [
            ranges.date_check("start_date"),
            ranges.date_check("until"),
            ranges.date_check("ended_on"),
            models.CheckConstraint(
                condition=models.Q(until__gte=models.F("start_date")),
                name="temporary_until_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} · {self.cell}"


VOTE_COLUMNS = ("votes_eligible", "votes_present", "votes_for", "votes_against")


class StepQuerySet(ScopedQuerySet):
    def made_here(self) -> "StepQuerySet":
        """Steps taken in the academy: without those a member transferred in brought along,
        which are never counted as admissions or conversions of a unit here."""
        return self.filter(before_arrival=False)


class AdmissionStep(ChoiceLabels, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("bước"), max_length=25, choices=StepKind.choices)
    date = models.DateField(_("ngày"), validators=ranges.ANY_DAY)
    # Indexed first in the indexes by cell (Meta.indexes).
    cell = models.ForeignKey(
        PartyCell,
        on_delete=models.PROTECT,
        related_name="steps",
        verbose_name=_("chi bộ"),
        help_text=_("Chi bộ của người đó khi thực hiện bước này."),
        db_index=False,
    )
    form_code = models.CharField(_("mẫu văn bản"), max_length=40, blank=True)
    document_number = models.CharField(_("số văn bản / quyết định"), max_length=60, blank=True)
    notes = models.TextField(
        _("ghi chú"), blank=True, max_length=ranges.NOTE_LENGTH, validators=ranges.NOTE
    )
    # Vote details (cell vote and conversion vote).
    votes_eligible = models.PositiveSmallIntegerField(
        _("số đảng viên chính thức của chi bộ"), null=True, blank=True, validators=ranges.COUNT
    )
    votes_present = models.PositiveSmallIntegerField(
        _("số có mặt"), null=True, blank=True, validators=ranges.COUNT
    )
    votes_for = models.PositiveSmallIntegerField(
        _("số tán thành"), null=True, blank=True, validators=ranges.COUNT
    )
    votes_against = models.PositiveSmallIntegerField(
        _("số không tán thành"), null=True, blank=True, validators=ranges.COUNT
    )
    # Which vote of the cell on this step it was (1 for the first): a vote below two thirds
    # is recorded as a failed vote and the cell may vote again.
    vote_round = models.PositiveSmallIntegerField(_("lần biểu quyết"), null=True, blank=True)
    # Why the cell counted a different number of official members than the records hold on
    # the meeting day (e.g. a member temporarily transferred in or out).
    votes_eligible_reason = models.CharField(
        _("lý do số đảng viên khác hồ sơ"), max_length=300, blank=True
    )
    # Introduction: two official members, or the Youth Union's resolution and one member.
    introducers = models.ManyToManyField(
        Person, blank=True, related_name="introductions", verbose_name=_("người giới thiệu")
    )
    by_youth_union = models.BooleanField(_("BCH Đoàn cơ sở giới thiệu (4-KNĐ)"), default=False)
    no_youth_union_organisation = models.BooleanField(
        _("nơi không có tổ chức cơ sở Đoàn"),
        default=False,
        help_text=_("Đoàn viên trong độ tuổi thanh niên được hai đảng viên giới thiệu."),
    )
    # Quy định 24-QĐ/TW point 3.2.2: an introducer who replaces one who left, was disciplined or
    # died needs no 12 months together with the candidate; the reason stays on record.
    replacement_introducer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người giới thiệu thay thế"),
        db_index=False,  # the few steps that name one: step_replacement_introducer
    )
    replacement_reason = models.CharField(
        _("lý do thay người giới thiệu"),
        max_length=20,
        choices=ReplacementReason.choices,
        blank=True,
    )
    # Which admission of the person the step belongs to: 1, or 2 after a re-admission (the first
    # cycle's steps stay on record). Set by the services, never by a form.
    cycle = models.PositiveSmallIntegerField(_("lần kết nạp"), default=1, editable=False)
    # Re-admission after a conviction for a less serious crime: the day the record was cleared
    # (Quy định 294-QĐ/TW, point 3.5.1.b: 60 months from it).
    record_cleared_on = models.DateField(
        _("ngày được xóa án tích"), null=True, blank=True, validators=ranges.ANY_DAY
    )
    # Striking off or expulsion: the ground the competent committee's decision names (the
    # decision's number and date are the step's).
    exit_ground = models.CharField(
        _("lý do ra khỏi Đảng"), max_length=20, choices=ExitGround.choices, blank=True
    )
    # Cell vote: the superior committee extended its deadline (once, by at most 30 working days).
    deadline_extended = models.BooleanField(_("cấp trên gia hạn thời gian xét"), default=False)
    # A step taken in another party organisation before the member was transferred in (their
    # admission, their recognition as official): on record for the rules, never counted as
    # this unit's admissions or conversions (StepQuerySet.made_here).
    before_arrival = models.BooleanField(_("trước khi chuyển đến"), default=False)
    is_historical = models.BooleanField(
        _("nhập từ hồ sơ cũ"),
        default=False,
        help_text=_("Bước nhập từ dữ liệu cũ, không có đủ văn bản trung gian."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("người ghi"),
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    # Derived, like a person's status: days since the same person's step before this one in the
    # procedure (None without it). The dashboard's stage durations take medians of it over a
    # year of steps from one covering index instead of pairing every step with its predecessor.
    stage_days = models.IntegerField(null=True, editable=False)
    # Read by the person (members.selectors): the other foreign keys' indexes were only written.
    history = HistoricalRecords(
        m2m_fields=[introducers],
        excluded_fields=["stage_days"],
        no_db_index=["cell", "recorded_by", "replacement_introducer"],
        user_db_constraint=False,  # as the person's history
    )

    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = _("bước kết nạp")
        verbose_name_plural = _("bước kết nạp")
        ordering = ["person", "date", "id"]
        constraints = [
            # Redone documents of the file are kept beside the ones they supersede, and a cell
            # may vote again after a vote below two thirds: each failed vote is kept.
            models.UniqueConstraint(
                fields=["person", "cycle", "kind"],
                condition=~models.Q(kind__in=[*REDONE_FILES, *VOTE_OF_FAILED]),
                name="one_step_of_each_kind",
            ),
            ranges.date_check("date"),
            ranges.length_check("notes", ranges.NOTE_LENGTH),
            *(ranges.count_check(name) for name in VOTE_COLUMNS),
            # The vote adds up (StepChecker says so in words; here nothing gets around it).
            models.CheckConstraint(
                condition=models.Q(votes_present__lte=models.F("votes_eligible")),
                name="votes_present_at_most_eligible",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    votes_present__gte=models.F("votes_for") + models.F("votes_against")
                ),
                name="votes_cast_at_most_present",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "date"]),
            models.Index(fields=["cell", "kind"]),
            # A person's deletion is refused while a step names them as the replacement
            # introducer: that lookup reads the few steps that name one, not every step's null.
            models.Index(
                fields=["replacement_introducer"],
                condition=models.Q(replacement_introducer__isnull=False),
                name="step_replacement_introducer",
            ),
            # The dashboard's stage durations read a year of steps from this index alone (the
            # included columns are ignored outside PostgreSQL).
            models.Index(
                fields=["date"], include=["kind", "cell", "stage_days"], name="step_date_covering"
            ),
            # The same year of one battalion (its durations panel, the admission plans' pace
            # medians): read cell by cell from this index, not from the whole academy's year
            # (at a million cadets, 450,000 steps; issue 17).
            models.Index(
                fields=["cell", "date"],
                include=["kind", "stage_days"],
                name="step_cell_date_covering",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person}"

    @property
    def is_failed_vote(self) -> bool:
        """A cell vote below two thirds, kept with its figures."""
        return StepKind(self.kind).is_failed_vote


class AssignmentQuerySet(ScopedQuerySet):
    scope_cell_field = "mentee__cell"


class Assignment(ChoiceLabels, models.Model):
    """Mentoring as the article describes it, with dates."""

    kind = models.CharField(_("loại phân công"), max_length=20, choices=AssignmentKind.choices)
    mentor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="mentoring", verbose_name=_("người giúp đỡ")
    )
    mentee = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="mentored_by",
        verbose_name=_("người được giúp đỡ"),
    )
    start_date = models.DateField(_("từ ngày"), validators=ranges.ANY_DAY)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True, validators=ranges.ANY_DAY)
    notes = models.TextField(
        _("ghi chú"), blank=True, max_length=ranges.NOTE_LENGTH, validators=ranges.NOTE
    )
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công giúp đỡ")
        verbose_name_plural = _("phân công giúp đỡ")
        ordering = ["start_date"]
        constraints = [
            ranges.date_check("start_date"),
            ranges.date_check("end_date"),
            ranges.length_check("notes", ranges.NOTE_LENGTH),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class Evaluation(ChoiceLabels, models.Model):
    """The cell's periodic evaluation of a candidate on the three focus areas."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="evaluations")
    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="evaluations")
    date = models.DateField(_("ngày đánh giá"), validators=ranges.PAST_DAY)
    study = models.CharField(_("học tập"), max_length=12, choices=Grade.choices)
    training = models.CharField(_("rèn luyện"), max_length=12, choices=Grade.choices)
    movement = models.CharField(_("công tác phong trào"), max_length=12, choices=Grade.choices)
    comment = models.TextField(
        _("nhận xét"), blank=True, max_length=ranges.NOTE_LENGTH, validators=ranges.NOTE
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đánh giá quần chúng")
        verbose_name_plural = _("đánh giá quần chúng")
        ordering = ["-date"]
        indexes = [models.Index(fields=["cell", "date"])]
        constraints = [
            # A form sent twice (or four times at once) records one evaluation, not four.
            models.UniqueConstraint(
                fields=["person", "date", "evaluated_by"], name="one_evaluation_per_recorder_day"
            ),
            ranges.date_check("date"),
            ranges.length_check("comment", ranges.NOTE_LENGTH),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.date:%d/%m/%Y}"


class YearlyRating(ChoiceLabels, models.Model):
    """Yearly quality rating of a party member (Quy định 124-QĐ/TW)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ratings")
    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("năm"), validators=ranges.PAST_YEAR)
    rating = models.CharField(_("xếp loại"), max_length=20, choices=QualityRating.choices)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("xếp loại chất lượng")
        verbose_name_plural = _("xếp loại chất lượng")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="one_rating_per_year"),
            ranges.year_check("year"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.year}"


class StepCounts(models.Model):
    """The keys and count of a step tally, of a cell (StepTally) or a battalion."""

    kind = models.CharField(max_length=25, choices=StepKind.choices)
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{tallied_unit_id(self)} · {self.kind} · {self.quarter}/{self.year}: {self.count}"


class RatingCounts(models.Model):
    """The keys and count of a rating tally, of a cell (RatingTally) or a battalion."""

    year = models.PositiveSmallIntegerField()
    rating = models.CharField(max_length=20, choices=QualityRating.choices)
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{tallied_unit_id(self)} · {self.year} · {self.rating}: {self.count}"


class CohortCounts(models.Model):
    """The keys and count of a cohort tally, of a cell (CohortTally) or a battalion."""

    cohort = models.CharField(max_length=20, blank=True)
    # Empty in the database by default, so that the frozen SQL of migration 0007 still runs.
    programme = models.CharField(
        max_length=20, choices=Programme.choices, blank=True, db_default=""
    )
    kind = models.CharField(max_length=10, choices=PersonKind.choices)
    study_status = models.CharField(max_length=10, choices=StudyStatus.choices)
    party_status = models.CharField(max_length=15, choices=PartyStatus.choices)
    expected_graduation_date = models.DateField(null=True)
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{tallied_unit_id(self)} · {self.cohort} · {self.party_status}: {self.count}"


def tallied_unit_id(tally: models.Model) -> int:
    """The id of the cell, or of the battalion, whose records a tally counts."""
    return tally.cell_id if hasattr(tally, "cell_id") else tally.battalion_id  # type: ignore[attr-defined]


# The cohort rates read the cadets graduating from a day, studying or graduated, with a cohort.
GRADUATING_CADETS = models.Q(
    kind=PersonKind.CADET, study_status__in=[StudyStatus.STUDYING, StudyStatus.GRADUATED]
) & ~models.Q(cohort="")


class StepTally(StepCounts):
    """How many steps of each kind each cell recorded in each quarter (by the step's date).

    Derived from AdmissionStep and kept by `members.tallies` wherever steps are written, so that
    yearly admissions and the quarterly results stay a lookup of a few hundred rows however
    many years of steps the academy holds.
    """

    cell = models.ForeignKey(PartyCell, on_delete=models.CASCADE, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "kind", "year", "quarter"], name="one_tally_per_cell_kind_quarter"
            ),
        ]
        # The dashboard reads a kind over some years, whole rows from the index alone.
        indexes = [
            models.Index(
                fields=["kind", "year"],
                include=["cell", "quarter", "count"],
                name="step_tally_kind_year",
            )
        ]


class RatingTally(RatingCounts):
    """How many members each cell rated in each grade each year (derived from YearlyRating).

    Kept by `members.tallies` like StepTally, for the dashboard's rating distribution.
    """

    cell = models.ForeignKey(PartyCell, on_delete=models.CASCADE, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "year", "rating"], name="one_tally_per_cell_year_grade"
            ),
        ]
        indexes = [
            models.Index(
                fields=["year"], include=["cell", "rating", "count"], name="rating_tally_year"
            )
        ]


class CohortTally(CohortCounts):
    """How many people of each cohort, kind, study and party status and graduation date each
    cell holds (derived from Person).

    Kept by `members.tallies` like StepTally, re-counted a cell's cohort at a time, for the
    dashboard's cohort rates: ten years of cohorts of a whole academy are a few thousand tally
    rows instead of tens of thousands of people.
    """

    cell = models.ForeignKey(PartyCell, on_delete=models.CASCADE, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["cell", "cohort"], name="cohort_tally_cell_cohort"),
            # The academy's cohorts for the cadet list's filter, one index probe per cohort
            # (members.selectors.cohorts_visible) instead of a scan of every tally row.
            models.Index(
                fields=["cohort"],
                condition=models.Q(count__gt=0) & ~models.Q(cohort=""),
                name="cohort_tally_cohort",
            ),
            # The dashboard's cohort rates: the cadets' cohorts graduating from a given day, their
            # counts from the index alone (issue 17: a whole academy's, 60 ms in two reads of
            # the table, now 20 in one).
            models.Index(
                fields=["expected_graduation_date"],
                include=["cohort", "programme", "party_status", "count", "cell"],
                condition=GRADUATING_CADETS,
                name="cohort_tally_graduating",
            ),
        ]


class BattalionTallyQuerySet(ScopedQuerySet):
    """Counts of whole battalions: a battalion's scope sees its own, the academy's every one;
    a cell's scope sees none (its figures are its cell's, read from the cell tallies)."""

    scope_battalion_field = "battalion"

    def visible_to(self, user) -> Self:
        scope = user.scope if user.is_authenticated else None
        if scope is not None and scope.cell_id:
            return self.none()
        return super().visible_to(user)


class BattalionStepTally(StepCounts):
    """The StepTally of a battalion's cells, summed: a whole academy's yearly admissions are
    read from 200 battalions' rows, not 1,200 cells' (issue 17). Kept by `members.tallies` in
    the same refresh as the cells' tallies it sums."""

    battalion = models.ForeignKey(Battalion, on_delete=models.CASCADE, related_name="+")

    objects = BattalionTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["battalion", "kind", "year", "quarter"],
                name="one_tally_per_battalion_kind_quarter",
            ),
        ]
        indexes = [
            models.Index(
                fields=["kind", "year"],
                include=["battalion", "quarter", "count"],
                name="battalion_step_tally_kind_year",
            )
        ]


class BattalionRatingTally(RatingCounts):
    """The RatingTally of a battalion's cells, summed (see BattalionStepTally)."""

    battalion = models.ForeignKey(Battalion, on_delete=models.CASCADE, related_name="+")

    objects = BattalionTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["battalion", "year", "rating"], name="one_tally_per_battalion_year_grade"
            ),
        ]
        indexes = [
            models.Index(
                fields=["year"],
                include=["battalion", "rating", "count"],
                name="battalion_rating_tally_year",
            )
        ]


class BattalionCohortTally(CohortCounts):
    """The CohortTally of a battalion's cells, summed (see BattalionStepTally)."""

    battalion = models.ForeignKey(Battalion, on_delete=models.CASCADE, related_name="+")

    objects = BattalionTallyQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["battalion", "cohort"], name="battalion_cohort_tally"),
            # The dashboard's cohort rates, as CohortTally's cohort_tally_graduating.
            models.Index(
                fields=["expected_graduation_date"],
                include=["cohort", "programme", "party_status", "count", "battalion"],
                condition=GRADUATING_CADETS,
                name="battalion_cohort_graduating",
            ),
        ]


class StoredPlan(models.Model):
    """A plannable cadet's admission plan (members.planning) as computed for `day`: kept by
    `members.stored_plans`, so that a battalion's worklist does not plan its hundreds of
    cadets on every visit. Valid on `day` while `generation` (raised by every write of the
    person's plan inputs) and the battalion's PlanEpoch stay as they were when it was computed.
    """

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.CASCADE, related_name="stored_plan"
    )
    # Raised by each write that changes the person's own inputs (the row then has no `day`).
    generation = models.PositiveIntegerField(default=0)
    day = models.DateField(null=True)
    # The rules and settings the plan was computed under (stored_plans.plan_basis).
    basis = models.CharField(max_length=40, blank=True)
    # The battalion it was planned in and that battalion's PlanEpoch number then.
    battalion = models.ForeignKey(Battalion, null=True, on_delete=models.CASCADE, related_name="+")
    battalion_epoch = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, blank=True)
    # The whole Plan (stored_plans.plan_to_json).
    plan = models.JSONField(null=True)

    def __str__(self) -> str:
        return f"{self.person_id} · {self.day}: {self.status}"
