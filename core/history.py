"""How a recorded value reads on a history page or in a refusal message."""

import datetime

from django.db.models import FileField
from django.utils import formats
from django.utils.translation import gettext as _


def display_value(field, value) -> str:
    """A field's value as users read it: choice labels, Có/Không, dd/mm/yyyy dates."""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, FileField):
        return _("tệp đã tải lên")
    return str(value)
