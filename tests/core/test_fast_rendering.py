"""The faster ways of showing a choice or a field (issue 17) give what Django's own give."""

import datetime

from django import forms
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.forms import LongSelect
from core.rendering import INPUT_TEMPLATES, TEXTAREA_TEMPLATE, FastWidgetRenderer
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


# --- the form renderer's widgets written in Python (core/rendering.py) ---------------------


INPUTS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.FileInput,
    forms.Textarea,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
    lambda attrs: forms.PasswordInput(attrs=attrs, render_value=True),
]
VALUES = [
    None,
    "",
    "Nguyễn <b>\"A\"</b> & 'B'",
    mark_safe("<i>safe</i>"),
    0,
    17,
    True,
    False,
    datetime.date(2026, 12, 8),
    gettext_lazy("Hạn"),
    ("a", 1),
]
ATTRS = [
    {},
    {
        "class": "form-control is-invalid",
        "required": True,
        "disabled": False,
        "placeholder": gettext_lazy("dd/mm/yyyy"),
        "data-x": 'q"u<o>te',
        "maxlength": 30,
        "aria-describedby": mark_safe("id_a_helptext"),
        "step": 0,
    },
]


def test_the_fast_renderer_writes_the_bytes_djangos_templates_write(monkeypatch):
    fast, slow = FastWidgetRenderer(), TemplatesSetting()
    through_templates = []
    template_render = TemplatesSetting.render

    def counted(renderer, *args, **kwargs):
        if renderer is fast:
            through_templates.append(args[0])
        return template_render(renderer, *args, **kwargs)

    monkeypatch.setattr(TemplatesSetting, "render", counted)
    checked = 0
    for widget_class in INPUTS:
        for attrs in ATTRS:
            widget = widget_class(attrs=dict(attrs))
            for value in VALUES:
                for language in ("vi", "en"):
                    with translation.override(language):
                        expected = widget.render("ten <x>", value, renderer=slow)
                        assert widget.render("ten <x>", value, renderer=fast) == expected
                        checked += 1
    assert checked == len(INPUTS) * len(ATTRS) * len(VALUES) * 2
    # Every one was written in Python (a widget formats its value as text or None first).
    assert through_templates == []


def test_a_callable_value_goes_through_the_template(monkeypatch):
    """A template calls what it is given: the renderer leaves that to the template."""
    rendered = []
    monkeypatch.setattr(TemplatesSetting, "render", lambda *args, **kw: rendered.append(1) or "")
    FastWidgetRenderer().render(
        "django/forms/widgets/text.html",
        {"widget": {"value": lambda: "x", "attrs": {}, "name": "a", "type": "text"}},
    )
    FastWidgetRenderer().render(
        TEXTAREA_TEMPLATE, {"widget": {"value": 5, "attrs": {}, "name": "a"}}
    )
    assert rendered == [1, 1]


def test_the_templates_written_in_python_are_djangos_own_and_only_include_the_input():
    """A project (or a new Django) that changes these templates would not be seen here."""
    for name in INPUT_TEMPLATES | {TEXTAREA_TEMPLATE}:
        origin = get_template(name).origin.name
        assert "/django/forms/templates/django/forms/widgets/" in origin, origin
    for name in INPUT_TEMPLATES - {"django/forms/widgets/input.html"}:
        source = get_template(name).template.source.strip()
        assert source == '{% include "django/forms/widgets/input.html" %}', name
