"""Forms of the transfers of party activity (members.transfers holds the rules)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from units.models import Battalion, PartyCell

from .choices import EducationLevel, Gender, PersonKind, TransferKind, TransferRoute
from .forms import date_input
from .models import Person, TemporaryMember, Transfer


class TransferOutForm(VersionedFormMixin, forms.Form):
    """A member's transfer out of the academy or to another battalion; the person's version."""

    route = forms.ChoiceField(
        label=_("Chuyển đến"),
        choices=[
            (TransferRoute.OUT, TransferRoute.OUT.label),
            (TransferRoute.BETWEEN, TransferRoute.BETWEEN.label),
        ],
        widget=forms.RadioSelect,
        initial=TransferRoute.OUT,
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=TransferKind.choices, initial=TransferKind.OFFICIAL
    )
    introduced_on = forms.DateField(label=_("Ngày giới thiệu"), widget=date_input())
    outside_unit = forms.CharField(
        label=_("Đơn vị nơi đến (ngoài Học viện)"), max_length=200, required=False
    )
    outside_committee = forms.CharField(
        label=_("Cấp ủy nơi đến (ngoài Học viện)"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Đảng ủy Lữ đoàn 201."),
    )
    to_battalion = forms.ModelChoiceField(
        label=_("Tiểu đoàn nơi đến (trong Học viện)"),
        queryset=Battalion.objects.none(),
        required=False,
    )
    letter_number = forms.CharField(label=_("Số giấy giới thiệu"), max_length=60, required=False)
    until = forms.DateField(
        label=_("Sinh hoạt tạm thời đến ngày"),
        required=False,
        widget=date_input(),
        help_text=_("Chỉ với chuyển sinh hoạt tạm thời."),
    )
    reason = forms.CharField(label=_("Lý do"), max_length=300, required=False)

    def __init__(self, *args, person: Person, today: datetime.date, **kwargs):
        super().__init__(*args, record=person, **kwargs)
        battalion = person.cell.battalion
        # Every battalion of the academy may receive a member: its name is not a record.
        self.fields["to_battalion"].queryset = Battalion.objects.filter(
            academy_id=battalion.academy_id
        ).exclude(pk=battalion.pk)
        self.initial.setdefault("introduced_on", today)

    def clean(self):
        data = super().clean()
        if data.get("route") == TransferRoute.BETWEEN and not data.get("to_battalion"):
            self.add_error("to_battalion", _("Chọn tiểu đoàn nơi đến."))
        return data


class TransferReceiveForm(VersionedFormMixin, forms.Form):
    """The receiving organisation took the member in; the transfer's version."""

    received_on = forms.DateField(label=_("Ngày tiếp nhận"), widget=date_input())
    cell = forms.ModelChoiceField(
        label=_("Chi bộ tiếp nhận"), queryset=PartyCell.objects.none(), required=False
    )

    def __init__(self, *args, transfer: Transfer, user, today: datetime.date, **kwargs):
        super().__init__(*args, record=transfer, **kwargs)
        if transfer.route == TransferRoute.BETWEEN and transfer.kind == TransferKind.OFFICIAL:
            self.fields["cell"].queryset = PartyCell.objects.visible_to(user).filter(
                battalion_id=transfer.to_battalion_id
            )
            self.fields["cell"].required = True
        else:
            del self.fields["cell"]
        self.initial.setdefault("received_on", today)


class TransferInForm(forms.Form):
    """A member arriving from outside the academy with their introduction letter."""

    cell = forms.ModelChoiceField(label=_("Chi bộ tiếp nhận"), queryset=PartyCell.objects.none())
    arrived_on = forms.DateField(label=_("Ngày đến (tiếp nhận)"), widget=date_input())
    code = forms.CharField(label=_("Mã học viên / cán bộ"), max_length=30)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    kind = forms.ChoiceField(label=_("Loại"), choices=PersonKind.choices)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), widget=date_input())
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices)
    hometown = forms.CharField(label=_("Quê quán"), max_length=200, required=False)
    education_level = forms.ChoiceField(
        label=_("Trình độ học vấn"),
        choices=EducationLevel.choices,
        initial=EducationLevel.UNIVERSITY,
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=120, required=False)
    cohort = forms.CharField(label=_("Khóa"), max_length=20, required=False)
    outside_unit = forms.CharField(label=_("Đơn vị nơi đi"), max_length=200)
    outside_committee = forms.CharField(label=_("Cấp ủy nơi đi"), max_length=200)
    letter_number = forms.CharField(label=_("Số giấy giới thiệu"), max_length=60, required=False)
    introduced_on = forms.DateField(label=_("Ngày giới thiệu"), widget=date_input())
    admitted_on = forms.DateField(label=_("Ngày quyết định kết nạp"), widget=date_input())
    admission_number = forms.CharField(label=_("Số quyết định kết nạp"), max_length=60)
    admitted_by = forms.CharField(
        label=_("Cấp ủy quyết định kết nạp"),
        max_length=200,
        required=False,
        help_text=_("Như trong hồ sơ đảng viên; để trống: cấp ủy nơi đi."),
    )
    ceremony_on = forms.DateField(
        label=_("Ngày lễ kết nạp"),
        required=False,
        widget=date_input(),
        help_text=_("Để trống: lấy ngày quyết định kết nạp."),
    )
    official_on = forms.DateField(
        label=_("Ngày quyết định công nhận đảng viên chính thức"),
        required=False,
        widget=date_input(),
        help_text=_("Để trống với đảng viên dự bị: chi bộ tiếp nhận xét chuyển chính thức."),
    )
    official_number = forms.CharField(
        label=_("Số quyết định công nhận đảng viên chính thức"), max_length=60, required=False
    )

    PERSON_FIELDS = (
        "code", "full_name", "kind", "date_of_birth", "gender", "hometown", "education_level",
        "position", "cohort",
    )  # fmt: skip

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = PartyCell.objects.visible_to(user)
        self.initial.setdefault("arrived_on", today)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Person.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Mã này đã có trong hồ sơ."))
        return code


class TemporaryArrivalForm(forms.Form):
    """A member of another organisation who attends a cell for a while, from their letter of
    temporary transfer (members.temporary holds the rules)."""

    cell = forms.ModelChoiceField(
        label=_("Chi bộ sinh hoạt tạm thời"), queryset=PartyCell.objects.none()
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), widget=date_input())
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices)
    party_status = forms.ChoiceField(
        label=_("Đảng viên"), choices=TemporaryMember._meta.get_field("party_status").choices
    )
    home_unit = forms.CharField(label=_("Đơn vị nơi sinh hoạt chính thức"), max_length=200)
    home_committee = forms.CharField(label=_("Cấp ủy nơi sinh hoạt chính thức"), max_length=200)
    letter_number = forms.CharField(label=_("Số giấy giới thiệu"), max_length=60)
    start_date = forms.DateField(label=_("Sinh hoạt tạm thời từ ngày"), widget=date_input())
    until = forms.DateField(label=_("Đến ngày"), widget=date_input())
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: học lớp bồi dưỡng, đi công tác."),
    )

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = PartyCell.objects.visible_to(user)
        self.initial.setdefault("start_date", today)


class TemporaryExtendForm(VersionedFormMixin, forms.Form):
    """The period extended with the committee's consent."""

    until = forms.DateField(label=_("Gia hạn đến ngày"), widget=date_input())
    extension_number = forms.CharField(label=_("Số văn bản gia hạn"), max_length=60, required=False)

    def __init__(self, *args, attendance: TemporaryMember, **kwargs):
        super().__init__(*args, record=attendance, **kwargs)
        self.initial.setdefault("until", attendance.until)


class TemporaryEndForm(VersionedFormMixin, forms.Form):
    """The period ended early by the letter back to the member's organisation."""

    ended_on = forms.DateField(label=_("Kết thúc từ ngày"), widget=date_input())
    end_letter_number = forms.CharField(
        label=_("Số giấy giới thiệu trở về"), max_length=60, required=False
    )

    def __init__(self, *args, attendance: TemporaryMember, today: datetime.date, **kwargs):
        super().__init__(*args, record=attendance, **kwargs)
        self.initial.setdefault("ended_on", min(today, attendance.until))
