from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core import ranges
from core.concurrency import VersionedFormMixin

from .models import FocusArea, MinGrade, Resolution
from .quarters import quarter_of
from .selectors import GOAL_LABELS, GOAL_STEPS
from .services import AreaGoal, CellGoal


def date_field(label, **kwargs) -> forms.DateField:
    # A text box: browsers' date pickers show the OS locale, not dd/mm/yyyy.
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}), **kwargs
    )


class ResolutionForm(VersionedFormMixin, forms.Form):
    """The resolution, its focus-area targets and one row of targets for each cell."""

    number = forms.CharField(
        label=_("Số nghị quyết"), max_length=40, help_text=_("Ví dụ: 15-NQ/ĐU")
    )
    quarter = forms.TypedChoiceField(
        label=_("Quý"), choices=[(quarter, quarter) for quarter in range(1, 5)], coerce=int
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    signed_on = date_field(_("Ngày ký"))
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    text = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=ranges.DOCUMENT_LENGTH,
    )
    is_supplement = forms.BooleanField(
        label=_("Nghị quyết bổ sung"),
        required=False,
        help_text=_("Mỗi quý một nghị quyết chính; nghị quyết thêm trong quý là bổ sung."),
    )
    scan = forms.FileField(
        label=_("Bản ký (scan)"),
        required=False,
        help_text=_("PDF, PNG hoặc JPEG. Để trống nếu giữ bản đã có."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, cells, resolution: Resolution | None = None, **kwargs):
        super().__init__(*args, record=resolution, **kwargs)
        self.cells = list(cells)
        if resolution is None:
            today = timezone.localdate()
            self.initial.update(year=today.year, quarter=quarter_of(today), signed_on=today)
        for area in FocusArea:
            self.fields[f"{area}_criterion"] = forms.CharField(
                label=format_lazy("{} · {}", _("Tiêu chí"), area.label),
                max_length=300,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"{area}_min_grade"] = forms.TypedChoiceField(
                label=format_lazy("{} · {}", _("Mức đánh giá"), area.label),
                choices=MinGrade.choices,
                coerce=MinGrade,
                initial=MinGrade.GOOD,
                required=False,
                empty_value=MinGrade.GOOD,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"{area}_percent"] = forms.IntegerField(
                label=format_lazy("{} · {}", _("Chỉ tiêu (%)"), area.label),
                min_value=0,
                max_value=100,
                required=False,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )
        for cell in self.cells:
            for goal in GOAL_STEPS:
                self.fields[f"cell_{cell.pk}_{goal}"] = forms.IntegerField(
                    label=f"{GOAL_LABELS[goal]} · {cell.name}",
                    min_value=0,
                    max_value=ranges.MAX_COUNT,
                    initial=0,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
                )
        for name, field in self.fields.items():
            # The target inputs sit in tables without their own <label>.
            if name not in self.base_fields:
                field.widget.attrs["aria-label"] = field.label
        if resolution is not None:
            self._load(resolution)

    def _load(self, resolution: Resolution) -> None:
        for name in ("number", "quarter", "year", "signed_on", "title", "text", "is_supplement"):
            self.initial[name] = getattr(resolution, name)
        for target in resolution.area_targets.all():
            self.initial[f"{target.area}_criterion"] = target.criterion
            self.initial[f"{target.area}_min_grade"] = target.min_grade
            self.initial[f"{target.area}_percent"] = target.target_percent
        for target in resolution.cell_targets.all():
            for goal in GOAL_STEPS:
                self.initial[f"cell_{target.cell_id}_{goal}"] = getattr(target, goal)

    def area_rows(self):
        """(area label, criterion, grade, percent) bound fields, one row per focus area."""
        return [
            (
                area.label,
                *(self[f"{area}_{part}"] for part in ("criterion", "min_grade", "percent")),
            )
            for area in FocusArea
        ]

    def cell_rows(self):
        return [
            (cell, [self[f"cell_{cell.pk}_{goal}"] for goal in GOAL_STEPS]) for cell in self.cells
        ]

    def goal_labels(self):
        return list(GOAL_LABELS.values())

    def clean(self):
        data = super().clean()
        for area in FocusArea:
            if data.get(f"{area}_criterion") and data.get(f"{area}_percent") is None:
                self.add_error(f"{area}_percent", _("Nhập chỉ tiêu (%) cho tiêu chí này."))
        return data

    def service_arguments(self) -> dict:
        """The cleaned data as the keyword arguments of resolution_issue / resolution_update."""
        data = self.cleaned_data
        fields = (
            "number",
            "quarter",
            "year",
            "signed_on",
            "title",
            "text",
            "is_supplement",
            "scan",
        )
        return {
            **{name: data[name] for name in fields},
            "area_goals": [
                AreaGoal(
                    area=area,
                    target_percent=data[f"{area}_percent"],
                    min_grade=data[f"{area}_min_grade"],
                    criterion=data[f"{area}_criterion"],
                )
                for area in FocusArea
                if data.get(f"{area}_percent") is not None
            ],
            "cell_goals": [
                CellGoal(
                    cell_id=cell.pk,
                    **{goal: data.get(f"cell_{cell.pk}_{goal}") or 0 for goal in GOAL_STEPS},
                )
                for cell in self.cells
            ],
        }


ALL_YEARS = "all"


class ResolutionYearForm(forms.Form):
    """The list's year: one of the years on record, "all", or empty for this year."""

    year = forms.TypedChoiceField(
        required=False, coerce=lambda value: value if value == ALL_YEARS else int(value)
    )

    def __init__(self, data, *, years: list[int]):
        super().__init__(data)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [
            ("", ""),
            (ALL_YEARS, ALL_YEARS),
            *((year, year) for year in years),
        ]


class RolloutForm(VersionedFormMixin, forms.Form):
    received_on = date_field(_("Ngày chi bộ nhận nghị quyết"))
    discussed_on = date_field(_("Ngày chi bộ họp quán triệt"), required=False)
    plan = forms.CharField(
        label=_("Kế hoạch thực hiện của chi bộ"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=ranges.DOCUMENT_LENGTH,
    )


class ReportForm(VersionedFormMixin, forms.Form):
    reported_on = date_field(_("Ngày báo cáo"))
    report_text = forms.CharField(
        label=_("Kết quả thực hiện"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=ranges.DOCUMENT_LENGTH,
        help_text=_(
            "Số kết nạp, chuyển chính thức và phát triển quần chúng ưu tú được tính từ hồ sơ, "
            "không cần nhập lại."
        ),
    )
    cadets_reached = forms.IntegerField(
        label=_("Số học viên được phổ biến nghị quyết"),
        min_value=0,
        max_value=ranges.MAX_COUNT,
        required=False,
    )
    cadets_registered = forms.IntegerField(
        label=_("Số quần chúng đăng ký phấn đấu vào Đảng"),
        min_value=0,
        max_value=ranges.MAX_COUNT,
        required=False,
    )
