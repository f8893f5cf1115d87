"""The faster ways of showing a choice (issue 17) give what Django's own give."""

from django import forms
from django.db import models
from django.utils import translation

from core.forms import LongSelect
from members.models import AdmissionStep, Person

CHOICES = [
    ("", "Tất cả"),
    ("Tiểu đoàn <1>", [(1, "Chi bộ a&b"), (2, "Chi bộ c")]),
    (3, "Chi bộ d"),
]


def _lines(html: str) -> list[str]:
    return [line for line in html.splitlines() if line.strip()]


def test_a_long_select_writes_the_markup_of_djangos_select():
    attrs = {"class": "form-select", "required": True, "data-x": False}
    for value in (None, "", 2, 3):
        expected = forms.Select(choices=CHOICES, attrs=attrs).render("cell", value)
        assert _lines(LongSelect(choices=CHOICES, attrs=attrs).render("cell", value)) == _lines(
            expected
        )


def test_a_long_select_of_lazy_choices_and_many_values_writes_djangos_markup():
    """Choices drawn only when rendered (the dashboard's units), a value of None, a multiple
    select and a selected value that repeats: as Django's own template writes them."""
    choices = [(None, "Không"), *CHOICES, ("Nhóm", [(None, "x"), (2, "lặp")])]
    for widget in (forms.Select, forms.SelectMultiple):
        for value in (None, "", 2, [2, 3], ["None"]):
            expected = widget(choices=lambda: choices).render("cell", value)
            fast = type("Fast", (LongSelect, widget), {})(choices=lambda: choices)
            assert _lines(fast.render("cell", value)) == _lines(expected)


def _field_choices(model: type[models.Model]):
    for field in model._meta.get_fields():
        if getattr(field, "choices", None) and hasattr(field, "attname"):
            yield field


def test_a_stored_choice_shows_the_label_django_shows_in_each_language():
    for model in (Person, AdmissionStep):
        for field in _field_choices(model):
            for value in [value for value, _label in field.flatchoices] + ["not-a-choice"]:
                row = model(**{field.attname: value})
                for language in ("vi", "en"):
                    with translation.override(language):
                        shown = getattr(row, f"get_{field.name}_display")()
                        assert shown == models.Model._get_FIELD_display(row, field)
