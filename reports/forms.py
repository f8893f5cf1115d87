import functools
from typing import NamedTuple, cast

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import LongSelect
from core.scoping import remember_battalion_cell_ids
from core.workdays import add_months
from units.models import Battalion, PartyCell

from .selectors import DEFAULT_HORIZON_MONTHS, FORECAST_MONTHS, ReportFilters

HORIZON_CHOICES = [
    (3, _("3 tháng")),
    (6, _("6 tháng")),
    (12, _("12 tháng")),
    (24, _("24 tháng")),
]
FIRST_YEAR = 1950


class CellChoice(NamedTuple):
    pk: int
    name: str
    battalion_id: int
    battalion_name: str


class UnitChoiceField(forms.TypedChoiceField):
    """A battalion or cell of the user's scope. Its choices (a callable) are drawn only when
    the form is rendered: the panels and exports that only validate the filters check the id
    against the scope's ids instead of walking a whole academy's 1,200 cells (issue 17)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, coerce=int, empty_value=None, widget=LongSelect, **kwargs)
        self.allowed: frozenset[str] = frozenset()

    def valid_value(self, value) -> bool:
        return str(value) in self.allowed


def _grouped(cells: list[CellChoice]) -> list[tuple[str, list[tuple[int, str]]]]:
    """The cells under their battalion's name, in the order given (by battalion first)."""
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for cell in cells:
        groups.setdefault(cell.battalion_id, (cell.battalion_name, []))[1].append(
            (cell.pk, cell.name)
        )
    return list(groups.values())


class ReportFilterForm(forms.Form):
    """The dashboard's filters; the unit choices are only the user's battalions and cells."""

    year_from = forms.IntegerField(label=_("Từ năm"), required=False, min_value=FIRST_YEAR)
    year_to = forms.IntegerField(label=_("Đến năm"), required=False, min_value=FIRST_YEAR)
    # A whole academy of a million cadets offers 200 battalions and 1,200 cells (core.forms).
    battalion = UnitChoiceField(label=_("Tiểu đoàn"))
    cell = UnitChoiceField(label=_("Chi bộ"))
    horizon = forms.TypedChoiceField(
        label=_("Sắp tốt nghiệp trong"),
        choices=HORIZON_CHOICES,
        coerce=int,
        required=False,
        empty_value=DEFAULT_HORIZON_MONTHS,  # type: ignore[arg-type]  # any value works
        initial=DEFAULT_HORIZON_MONTHS,
    )
    by_cell = forms.BooleanField(label=_("Kết nạp theo từng chi bộ"), required=False)
    # The what-if of the admission forecast.
    course_on = forms.DateField(
        label=_("Lớp bồi dưỡng nhận thức tiếp theo (giả định)"),
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_(
            "Học viên chưa có giấy chứng nhận còn hạn học lớp vào ngày này; dự báo tính lại."
        ),
    )

    def __init__(self, data=None, *, user):
        if data is not None and not data.get("horizon"):
            # A link with only some filters still shows the horizon it is computed with.
            data = data.copy()
            data["horizon"] = str(DEFAULT_HORIZON_MONTHS)
        super().__init__(data)
        # One query gives both lists: the battalions are those of the visible cells. Plain
        # values, not models: a whole academy's 1,200 cells with their battalions and academy
        # cost 48 ms of model building at a million cadets.
        cells = [
            CellChoice(*row)
            for row in PartyCell.objects.visible_to(user)
            .order_by("battalion__code", "code")
            .values_list("pk", "name", "battalion_id", "battalion__name")
        ]
        battalions = {cell.battalion_id: cell.battalion_name for cell in cells}
        scope = user.scope
        if scope and not scope.whole_academy and not scope.cell_id:
            # A battalion's cells: the panels' scope filters need no query of their own.
            remember_battalion_cell_ids(scope, [cell.pk for cell in cells])
        self.cells = {cell.pk: cell for cell in cells}
        self.battalions = battalions
        self.whole_academy = bool(user.scope and user.scope.whole_academy)
        everything = ("", _("Tất cả"))
        battalion_field = cast(UnitChoiceField, self.fields["battalion"])
        battalion_field.allowed = frozenset(str(pk) for pk in battalions)
        battalion_field.choices = lambda: [everything, *battalions.items()]
        cell_field = cast(UnitChoiceField, self.fields["cell"])
        cell_field.allowed = frozenset(str(pk) for pk in self.cells)
        self.show_battalion = len(battalions) > 1
        # A scope of several battalions (a whole academy: 1,200 cells) offers the cells of the
        # battalion chosen (or of the cell chosen), none before: choosing a battalion, by htmx
        # or by submitting the form, brings its cells (reports/includes/_cell_field.html).
        offered = cells
        if self.show_battalion:
            chosen = self._chosen_battalion(data)
            offered = [cell for cell in cells if cell.battalion_id == chosen]
        self.cell_needs_battalion = not offered
        cell_field.choices = functools.cache(lambda: [everything, *_grouped(offered)])
        self.show_cell = len(cells) > 1
        last_year = timezone.localdate().year + 10
        for name in ("year_from", "year_to"):
            self.fields[name].validators.append(MaxValueValidator(last_year))
            self.fields[name].widget.attrs.update({"max": last_year, "placeholder": _("năm")})
        for name, field in self.fields.items():
            css = "form-check-input" if name == "by_cell" else "form-control"
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs["class"] = css

    def _chosen_battalion(self, data) -> int | None:
        """The battalion whose cells the cell drop-down offers: the one asked for, else the
        asked cell's; None when neither is one of the scope's (the form then says so)."""
        if data is None:
            return None
        for name, lookup in (("battalion", self.battalions), ("cell", self.cells)):
            value = data.get(name)
            if value and value.isascii() and value.isdigit() and int(value) in lookup:
                return int(value) if name == "battalion" else self.cells[int(value)].battalion_id
        return None

    def clean(self):
        super().clean()
        data = self.cleaned_data
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", _("Năm kết thúc phải từ năm bắt đầu trở đi."))
        course_on = data.get("course_on")
        today = timezone.localdate()
        if course_on and not today <= course_on <= add_months(today, FORECAST_MONTHS):
            self.add_error(
                "course_on",
                _("Ngày học lớp phải từ hôm nay đến %(months)s tháng tới.")
                % {"months": FORECAST_MONTHS},
            )
        battalion, cell = data.get("battalion"), data.get("cell")
        if battalion and cell and self.cells[cell].battalion_id != battalion:
            self.add_error("cell", _("Chi bộ đã chọn không thuộc tiểu đoàn đã chọn."))
        return data

    def unit_label(self) -> str:
        """The unit the figures cover, for headings and the printed page."""
        filters = self.filters()
        if filters.cell_id:
            cell = self.cells[filters.cell_id]
            return f"{cell.name} · {cell.battalion_name}"
        if filters.battalion_id:
            return self.battalions[filters.battalion_id]
        if self.whole_academy:
            return str(_("Toàn học viện"))
        if len(self.cells) == 1:
            cell = next(iter(self.cells.values()))
            return f"{cell.name} · {cell.battalion_name}"
        return ", ".join(self.battalions.values())

    def filters(self) -> ReportFilters:
        """The filters asked for; the defaults (everything in scope) when the form is invalid."""
        scope_battalion_ids = tuple(self.battalions)
        if not self.is_bound or not self.is_valid():
            return ReportFilters(scope_battalion_ids=scope_battalion_ids)
        data = self.cleaned_data
        return ReportFilters(
            year_from=data["year_from"],
            year_to=data["year_to"],
            battalion_id=data["battalion"],
            cell_id=data["cell"],
            horizon_months=data["horizon"],
            by_cell=data["by_cell"],
            scope_battalion_ids=scope_battalion_ids,
            course_on=data["course_on"],
        )


class YearlyReportForm(forms.Form):
    """The yearly report's year and unit: a battalion of the user's scope, or (left empty) all
    of it, which is the academy for an academy-wide user."""

    nam = forms.IntegerField(label=_("Năm"), min_value=FIRST_YEAR)
    tieu_doan = forms.ModelChoiceField(
        label=_("Tiểu đoàn"),
        queryset=Battalion.objects.none(),
        required=False,
        empty_label=_("Toàn học viện"),
    )

    def __init__(self, data=None, *, user):
        this_year = timezone.localdate().year
        scope = user.scope
        self.whole_academy = bool(scope and scope.whole_academy)
        if data is not None:
            # A link with only some choices reports for this year and the user's battalion.
            data = data.copy()
            if not data.get("nam"):
                data["nam"] = str(this_year)
            if not data.get("tieu_doan") and not self.whole_academy and scope:
                data["tieu_doan"] = str(scope.battalion_id or "")
        super().__init__(data, initial={"nam": this_year})
        self.fields["nam"].validators.append(MaxValueValidator(this_year))
        self.battalions = Battalion.objects.visible_to(user).select_related("academy")
        field = cast(forms.ModelChoiceField, self.fields["tieu_doan"])
        field.queryset = self.battalions.order_by("code")
        if not self.whole_academy:
            # A battalion's clerk or commander reports for their battalion.
            field.required = True
            field.empty_label = None
            if user.scope and user.scope.battalion_id:
                self.initial["tieu_doan"] = user.scope.battalion_id
        for model_field in self.fields.values():
            css = "form-select" if isinstance(model_field.widget, forms.Select) else "form-control"
            model_field.widget.attrs["class"] = css

    def choice(self) -> tuple[int, Battalion | None]:
        """The year and battalion asked for; this year and the user's unit when not asked or
        not valid (the downloads refuse an invalid one before asking)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["nam"], self.cleaned_data["tieu_doan"]
        default = None if self.whole_academy else self.battalions.order_by("code").first()
        return timezone.localdate().year, default
