"""The form renderer: Django's TemplatesSetting, with its plainest widget templates written in
Python.

Every text box, date, number and text area of a form went through two templates (the input and
its attributes): a cadet's edit form has thirty fields, and its page spent a fifth of its time
there (issue 17, the load test). These templates only print the widget's type, name, value and
attributes; this renderer prints the same bytes without the template engine. Any other widget,
a value the template would treat specially (a callable, a non-text value in a text area), and
any template a project overrides, still go through the templates (tests/core/test_fast_rendering
holds both outputs equal).
"""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
# Django's input templates that are nothing but `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
        "file",
    )
)
TEXTAREA_TEMPLATE = f"{WIDGETS}textarea.html"


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: "%s" of the value, escaped unless it was safe."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        text = ""
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def _attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _plain(widget: dict) -> bool:
    """No value the template would call (a template calls a callable it is given)."""
    return not callable(widget["value"]) and not any(
        callable(value) for value in widget["attrs"].values()
    )


def render_input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attributes(widget["attrs"])}>'
    )


def render_textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>'
        f"\n{conditional_escape(value) if value else ''}</textarea>"
    )


class FastWidgetRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and _plain(widget):
            if template_name in INPUT_TEMPLATES:
                return render_input(widget)
            if template_name == TEXTAREA_TEMPLATE and isinstance(widget["value"], str | None):
                return render_textarea(widget)
        return super().render(template_name, context, request)
