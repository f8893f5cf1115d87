"""What the access matrix test requests: every URL pattern, and the objects its arguments name.

All objects belong to cell A of battalion TD1, so each persona's expected outcome follows from
where it stands relative to cell A.
"""

import datetime
from functools import cached_property

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from members.choices import PartyStatus, StepKind, TransferKind
from members.temporary import temporary_arrive
from members.transfers import Posting, cohort_hand_off, transfer_out
from paperwork.services import file_scan_upload
from tests.factories import PersonFactory, advance, make_official_member, make_resolution

# Left out: Django's admin, read-only and checked page by page in ADMIN_EXPECTED of the test.
SKIPPED_NAMESPACES = {"admin"}

PERSONAS = ["anonymous", "no_role", "admin", "clerk", "clerk_2", "secretary_a", "secretary_b"]
PERSONAS += ["commander"]
# POSTs run in this order: the personas whose writes succeed come last, so a write that goes
# through (deleting the last step, say) cannot change what the others are answered.
POST_ORDER = ["anonymous", "no_role", "clerk_2", "secretary_b", "commander", "secretary_a"]
POST_ORDER += ["admin", "clerk"]


def url_patterns(patterns=None, namespace=None):
    """(name, pattern) of every URL in the project, discovered from the resolver."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = entry.namespace or namespace
            if namespace and entry.namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from url_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


class Objects:
    """One object of each kind a URL can name, all in cell A, made when first named."""

    def __init__(self, cell_a, clerk):
        self.cell = cell_a
        self.user = clerk

    @cached_property
    def person(self):
        return advance(PersonFactory(cell=self.cell), StepKind.CONVERSION_VOTE)

    @cached_property
    def vote(self):
        awaiting_decision = advance(PersonFactory(cell=self.cell), StepKind.CELL_VOTE)
        return awaiting_decision.steps.get(kind=StepKind.CELL_VOTE)

    @cached_property
    def scan(self):
        """A signed scan of the person's 6-KNĐ, in their file."""
        upload = SimpleUploadedFile("6-knd.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        return file_scan_upload(
            person=self.person, form_code="6-KNĐ", upload=upload, user=self.user
        )

    @cached_property
    def resolution(self):
        return make_resolution(self.cell.battalion, year=2018, quarter=2)

    @cached_property
    def rollout(self):
        return self.resolution.rollouts.get(cell=self.cell)

    @cached_property
    def transfer(self):
        member = make_official_member(self.cell)
        return transfer_out(
            person=member,
            kind=TransferKind.OFFICIAL,
            introduced_on=datetime.date(2019, 3, 15),
            outside_unit="Lữ đoàn 201",
            outside_committee="Đảng ủy Lữ đoàn 201",
        )

    @cached_property
    def temporary(self):
        """A member of another organisation attending the cell now (started 30 days ago)."""
        today = timezone.localdate()
        return temporary_arrive(
            cell=self.cell,
            full_name="Đinh Văn Tạm",
            date_of_birth=datetime.date(1995, 6, 1),
            gender="nam",
            party_status=PartyStatus.OFFICIAL,
            home_unit="Trung đoàn 141",
            home_committee="Đảng ủy Trung đoàn 141",
            letter_number="25-GT/ĐU",
            start_date=today - datetime.timedelta(days=30),
            until=today + datetime.timedelta(days=60),
        )

    @cached_property
    def handed_off_cohort(self) -> str:
        """Cohort K50 (the factories'), one member of it handed off at graduation."""
        graduate = make_official_member(self.cell)
        posting = Posting(graduate, "Lữ đoàn 201", "Đảng ủy Lữ đoàn 201")
        cohort_hand_off(cohort="K50", graduation=datetime.date(2019, 7, 1), postings=[posting])
        return "K50"

    def kwargs_for(self, name: str, pattern: URLPattern) -> dict:
        keys = set(pattern.pattern.converters)
        values = {}
        if "pk" in keys:
            values["pk"] = self._pk_for(name)
        if "cell_pk" in keys:
            values["cell_pk"] = self.cell.pk
        if "token" in keys:
            values["token"] = "khong-ton-tai"
        if "table" in keys:
            values["table"] = "admissions"
        if "cohort" in keys:
            values["cohort"] = self.handed_off_cohort
        if "fmt" in keys:
            values["fmt"] = "csv"
        if "scan_pk" in keys:
            values["scan_pk"] = self.scan.pk
        if "key" in keys:
            # A form of the person's file the records fill (the cell's 6-KNĐ).
            values["key"] = "6-KND"
        return values

    def _pk_for(self, name: str) -> int:
        app, _, view = name.partition(":")
        if app == "units":
            return self.cell.pk if view.startswith("cell") else self.cell.battalion_id
        if app == "accounts":
            return self.user.pk
        if name in ("members:step_extend", "members:step_edit"):
            return self.vote.pk
        if name in ("members:board", "members:board_export", "members:cell_ratings"):
            return self.cell.pk
        if name == "members:planning_pace":
            return self.cell.battalion_id
        if name in ("members:temporary_end", "members:temporary_extend"):
            return self.temporary.pk
        if name in ("members:transfer_receive", "paperwork:transfer_letter_docx"):
            return self.transfer.pk
        if app == "members":
            return self.person.pk
        if name in ("resolutions:rollout", "resolutions:report"):
            return self.rollout.pk
        if name.startswith(("resolutions:", "paperwork:resolution")):
            return self.resolution.pk
        return self.person.pk
