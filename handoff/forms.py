"""The hand-off screen's forms: the postings typed (or read from the posting list), and the
posting list's upload."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from members.forms import date_input
from members.models import Person
from members.transfers import Posting, roster_version


class HandOffForm(VersionedFormMixin, forms.Form):
    """A row per member awaiting the hand-off: the unit, its party committee, the letter's
    number. Carries the version of the listed people (a change to any of them since the page
    was shown refuses the hand-off, saying what changed)."""

    graduation = forms.DateField(
        label=_("Ngày tốt nghiệp (ngày chuyển sinh hoạt)"), widget=date_input()
    )

    def __init__(
        self,
        *args,
        members: list[Person],
        graduation: datetime.date | None,
        postings=None,
        **kwargs,
    ):
        super().__init__(*args, record=roster_version(members), **kwargs)
        self.members = members
        postings = postings or {}
        if graduation:
            self.initial.setdefault("graduation", graduation)
        for person in members:
            given = postings.get(person.pk, {})
            self.fields[f"unit_{person.pk}"] = forms.CharField(
                label=_("%(name)s: đơn vị nhận công tác") % {"name": person.full_name},
                max_length=200,
                initial=given.get("unit", ""),
            )
            self.fields[f"committee_{person.pk}"] = forms.CharField(
                label=_("%(name)s: cấp ủy nơi đến") % {"name": person.full_name},
                max_length=200,
                initial=given.get("committee", ""),
            )
            self.fields[f"letter_{person.pk}"] = forms.CharField(
                label=_("%(name)s: số giấy giới thiệu") % {"name": person.full_name},
                max_length=60,
                required=False,
                initial=given.get("letter", ""),
            )

    def rows(self) -> list[tuple[Person, list[forms.BoundField]]]:
        """Each listed member with their fields: unit, committee, letter's number."""
        return [
            (person, [self[f"{name}_{person.pk}"] for name in ("unit", "committee", "letter")])
            for person in self.members
        ]

    def postings(self) -> list[Posting]:
        data = self.cleaned_data
        return [
            Posting(
                person=person,
                outside_unit=data[f"unit_{person.pk}"],
                outside_committee=data[f"committee_{person.pk}"],
                letter_number=data[f"letter_{person.pk}"],
            )
            for person in self.members
        ]


class PostingUploadForm(forms.Form):
    posting_list = forms.FileField(
        label=_("Danh sách phân công công tác (Excel .xlsx hoặc CSV)"),
        help_text=_(
            "Các cột: Mã học viên, Đơn vị nhận công tác, Cấp ủy nơi đến, Số giấy giới thiệu "
            "(không bắt buộc)."
        ),
    )
