"""Form helpers every app's views share."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class LongSelect(forms.Select):
    """A <select> written in Python, with the markup of Django's template: the template takes
    an include per option, and a whole academy's filters hold a thousand cells (issue 17, the
    cadet list and the dashboard at a million cadets). The options are written straight from
    the choices, as ChoiceWidget.optgroups walks them, without its dictionary per option."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        values = self.format_value(value)
        parts: list[str] = [format_html('<select name="{}"{}>', name, flatatt(final_attrs))]
        has_selected = False
        for option_value, option_label in self.choices:
            grouped = isinstance(option_label, (list, tuple))
            group = option_value if grouped else None
            if group:
                parts.append(format_html('\n  <optgroup label="{}">', group))
            for value_, label in option_label if grouped else [(option_value, option_label)]:
                value_ = "" if value_ is None and not grouped else value_
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    value_
                ) in values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{conditional_escape(value_)}"'
                    f"{' selected' if selected else ''}>{conditional_escape(label)}</option>"
                )
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
