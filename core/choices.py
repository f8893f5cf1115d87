"""A stored choice's label without translating every label of the field.

Django's `get_FOO_display()` builds `dict(make_hashable(field.flatchoices))` on each call:
hashing a lazy label translates it, so a field of 30 steps costs 30 translations to show one.
A list of 50 people with three such columns spent a third of its time there (issue 17).
"""

from django.db.models import Field
from django.utils.encoding import force_str


def _labels(field: Field) -> dict:
    """{stored value: lazy label} of the field, built once per field (the choices are fixed
    in the code; the labels stay lazy, so each is translated in the language of the request)."""
    labels = field.__dict__.get("_choice_labels")
    if labels is None:
        labels = field.__dict__["_choice_labels"] = dict(field.flatchoices)
    return labels


class ChoiceLabels:
    """Model mixin: `get_FOO_display()` looks the value up in the field's labels, translating
    only the one it shows (same result as Django's)."""

    def _get_FIELD_display(self, field: Field) -> str:
        value = getattr(self, field.attname)
        try:
            label = _labels(field).get(value, value)
        except TypeError:
            # An unhashable value (never one of this project's choices): Django's own way.
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        return force_str(label, strings_only=True)
