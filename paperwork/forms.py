import datetime
import re
from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import LongSelect
from core.ranges import FIRST_YEAR, LAST_YEAR
from units.models import Battalion, PartyCell


class MonthField(forms.CharField):
    """A month typed as mm/yyyy (or m/yyyy); cleans to the first day of that month."""

    widget = forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{4})\s*", value)
        if not match or not 1 <= int(match[1]) <= 12:
            raise ValidationError(_("Nhập tháng theo dạng mm/yyyy, ví dụ 09/2017."))
        if not FIRST_YEAR <= int(match[2]) <= LAST_YEAR:
            raise ValidationError(
                _("Năm của tháng phải từ %(first)s đến %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return datetime.date(int(match[2]), int(match[1]), 1)


class ConversionListForm(forms.Form):
    """Which month's ending probations to list, in one cell or the whole scope."""

    thang = MonthField(label=_("Tháng hết thời hạn dự bị"))
    chi_bo = forms.ModelChoiceField(
        label=_("Chi bộ"),
        queryset=PartyCell.objects.none(),
        required=False,
        empty_label=_("Tất cả chi bộ trong phạm vi"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cell = cast(forms.ModelChoiceField, self.fields["chi_bo"])
        cell.queryset = PartyCell.objects.visible_to(user).select_related("battalion")


class WorklistFilterForm(forms.Form):
    """Which battalion's or cell's items and which kind of work the worklist shows (blank: all).
    The battalion is asked of a whole academy only (its worklist reads by battalion)."""

    tieu_doan = forms.ModelChoiceField(
        label=_("Tiểu đoàn"),
        queryset=Battalion.objects.none(),
        required=False,
        empty_label=_("Theo tiểu đoàn"),
        widget=LongSelect(attrs={"class": "form-select form-select-sm"}),
    )
    chi_bo = forms.ModelChoiceField(
        label=_("Chi bộ"),
        queryset=PartyCell.objects.none(),
        required=False,
        empty_label=_("Tất cả chi bộ trong phạm vi"),
        widget=LongSelect(attrs={"class": "form-select form-select-sm"}),
    )
    viec = forms.ChoiceField(
        label=_("Việc"),
        required=False,
        widget=LongSelect(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, user, kinds, by_battalion: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cell = cast(forms.ModelChoiceField, self.fields["chi_bo"])
        cell.queryset = PartyCell.objects.visible_to(user).select_related("battalion")
        if not by_battalion:
            del self.fields["tieu_doan"]
        else:
            battalion = cast(forms.ModelChoiceField, self.fields["tieu_doan"])
            battalion.queryset = Battalion.objects.visible_to(user).order_by("code")
            # A whole academy's 1,400 cells were most of the page: the drop-down offers the
            # chosen battalion's cells (any cell in scope is still accepted).
            try:
                chosen = battalion.clean(self.data.get("tieu_doan"))
            except ValidationError:
                chosen = None
            shown = cell.queryset.filter(battalion=chosen) if chosen else []
            cell.choices = [("", cell.empty_label), *((c.pk, str(c)) for c in shown)]
        kind = cast(forms.ChoiceField, self.fields["viec"])
        kind.choices = [("", _("Mọi việc")), *kinds]

    def battalion_id(self) -> int | None:
        """The battalion the chosen battalion or cell narrows the worklist to, if any."""
        if not self.is_bound or not self.is_valid():
            return None
        battalion, cell = self.cleaned_data.get("tieu_doan"), self.cleaned_data["chi_bo"]
        if battalion is not None:
            return battalion.pk
        return cell.battalion_id if cell is not None else None

    def kind(self) -> str:
        """The kind of work chosen; blank for all."""
        return self.cleaned_data["viec"] if self.is_bound and self.is_valid() else ""

    def keep_rows(self, rows: list) -> list:
        """The rows by battalion counting only the chosen kind of work (all when blank)."""
        kind = self.kind()
        return [row.only(kind) for row in rows] if kind else rows

    def keep(self, items: list) -> list:
        """The items the chosen cell and kind leave (all of them when unbound or blank)."""
        if not self.is_bound or not self.is_valid():
            return items
        cell, kind = self.cleaned_data["chi_bo"], self.cleaned_data["viec"]
        return [
            item
            for item in items
            if (cell is None or item.cell_id == cell.pk) and (not kind or item.kind == kind)
        ]


class FileScanForm(forms.Form):
    """A signed scan for one form of the person's file; the checks are the service's."""

    form_code = forms.ChoiceField(label=_("Mẫu"))
    file = forms.FileField(
        label=_("Bản quét đã ký (PDF, PNG hoặc JPEG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["form_code"]).choices = [(code, code) for code in codes]
        self.fields["file"].help_text = _(
            "Kiểu tệp được kiểm tra theo nội dung; mỗi tệp tối đa %(limit)s MB."
        ) % {"limit": settings.FILE_SCAN_MAX_BYTES // (1024 * 1024)}
