"""Filters of the people list: cell, cohort, party status, stage, overdue, and a search box."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LongSelect
from units.models import PartyCell

from .choices import PartyStatus, PersonKind, StepKind, StudyStatus
from .selectors import cohorts_visible


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_search",
        # Longer than any name or code; SQLite refuses a LIKE pattern past 50,000 bytes.
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Tên hoặc mã, gõ có dấu hay không dấu"), "type": "search"}
        ),
    )
    cell = django_filters.ModelChoiceFilter(
        label=_("Chi bộ"),
        queryset=PartyCell.objects.none(),
        empty_label=_("Tất cả"),
        widget=LongSelect,
    )
    cohort = django_filters.ChoiceFilter(
        label=_("Khóa"), empty_label=_("Tất cả"), widget=LongSelect
    )
    party_status = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=PartyStatus.choices,
        empty_label=_("Tất cả"),
        widget=LongSelect,
    )
    stage = django_filters.ChoiceFilter(
        label=_("Bước hiện tại"),
        choices=StepKind.choices,
        empty_label=_("Tất cả"),
        widget=LongSelect,
    )
    overdue = django_filters.BooleanFilter(
        label=_("Quá hạn"),
        method="filter_overdue",
        widget=LongSelect(choices=[("", _("Tất cả")), ("true", _("Chỉ quá hạn"))]),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại"),
        choices=PersonKind.choices,
        empty_label=_("Tất cả"),
        widget=LongSelect,
    )
    study_status = django_filters.ChoiceFilter(
        label=_("Học tập"),
        choices=StudyStatus.choices,
        empty_label=_("Tất cả"),
        widget=LongSelect,
    )

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["cell"].queryset = PartyCell.objects.visible_to(user)
        self.filters["cohort"].extra["choices"] = [(c, c) for c in cohorts_visible(user)]

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else ("form-control form-control-sm")
            )
        return form

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(next_due_date__lt=self.today)
        return queryset
