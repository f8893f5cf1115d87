"""The ranges that every date, year, count and text of the records falls in, in one place.

A value outside them is a typing slip or an attack, never a record. Each range is a validator
(with a Vietnamese message, run by the forms, the services' full_clean and the import) and,
where the database can hold it, a check constraint the models list in their Meta.
"""

import copy
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from core.dates import dmy

# The Party was founded in 1930: nothing this product records is older. The last year leaves
# room for planned graduations while refusing the year 9999.
FIRST_YEAR = 1930
LAST_YEAR = 2100
FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)

# People counted in one cell: its members at a vote, its cadets told of a resolution. A cell
# has a few dozen members and a battalion a few hundred cadets.
MAX_COUNT = 999

# Texts typed in a box: a note or comment is a few lines; a resolution, a cell's plan or report
# a few pages.
NOTE_LENGTH = 2_000
DOCUMENT_LENGTH = 20_000

# The ids a 64-bit integer column holds (SQLite, PostgreSQL bigint).
MIN_ID = -(2**63)
MAX_ID = 2**63 - 1


def is_storable_id(value) -> bool:
    """False for a number past the id column's range (SQLite raises OverflowError on looking it
    up); anything else, a well-formed id or not, is left to the field that reads it."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return True
    return MIN_ID <= number <= MAX_ID


@deconstructible
class DateRange:
    """A day from 1930 to 2100; `past=True`: to today at the latest (a birth, an evaluation)."""

    def __init__(self, *, past: bool = False):
        self.past = past

    def __call__(self, value: datetime.date) -> None:
        if self.past:
            today = timezone.localdate()
            if not FIRST_DAY <= value <= today:
                raise ValidationError(
                    _("Ngày phải từ %(first)s đến hôm nay (%(today)s)."),
                    code="date_range",
                    params={"first": dmy(FIRST_DAY), "today": dmy(today)},
                )
        elif not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(
                _("Ngày phải từ %(first)s đến %(last)s."),
                code="date_range",
                params={"first": dmy(FIRST_DAY), "last": dmy(LAST_DAY)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, DateRange) and other.past == self.past


@deconstructible
class YearRange(MaxValueValidator):
    """A year from 1930 to 2100; `past=True`: this year at the latest (a rating).

    A MaxValueValidator, so that Django adds no second one for the column's range (32767)."""

    def __init__(self, *, past: bool = False):
        super().__init__(LAST_YEAR)
        self.past = past

    def __call__(self, value: int) -> None:
        last = timezone.localdate().year if self.past else LAST_YEAR
        if not FIRST_YEAR <= value <= last:
            raise ValidationError(
                _("Năm phải từ %(first)s đến %(last)s."),
                code="year_range",
                params={"first": FIRST_YEAR, "last": last},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, YearRange) and other.past == self.past


PAST_DAY = [DateRange(past=True)]
ANY_DAY = [DateRange()]
PAST_YEAR = [YearRange(past=True)]
ANY_YEAR = [YearRange()]
COUNT = [
    MaxValueValidator(MAX_COUNT, message=_("Số này phải từ 0 đến %(limit_value)s.")),
]
NOTE = [
    MaxLengthValidator(
        NOTE_LENGTH, message=_("Nhiều nhất %(limit_value)s ký tự (đang có %(show_value)s).")
    )
]
DOCUMENT = [
    MaxLengthValidator(
        DOCUMENT_LENGTH, message=_("Nhiều nhất %(limit_value)s ký tự (đang có %(show_value)s).")
    )
]


# The database's half: the fixed bounds (today moves, so a past-only range is checked up to the
# last year). The validators above give the message; these keep out what bypasses them.


def date_check(field: str) -> models.CheckConstraint:
    return RangeCheck(field, "range", FIRST_DAY, LAST_DAY)


def year_check(field: str) -> models.CheckConstraint:
    return RangeCheck(field, "range", FIRST_YEAR, LAST_YEAR)


def count_check(field: str) -> models.CheckConstraint:
    return RangeCheck(field, "range", 0, MAX_COUNT)


def length_check(field: str, limit: int) -> models.CheckConstraint:
    return RangeCheck(field, "length", 0, limit, measure=len)


class RangeCheck(models.CheckConstraint):
    """A value between fixed bounds: a check constraint in the database, compared in Python
    when a model is validated.

    Django validates a check constraint with a query of its own (`SELECT 1 WHERE …`): a
    cadet's five dates cost five round trips on every save, ten with the form's own
    validation, a third of the time of saving the edit form under load (issue 17). These
    bounds are constants, so the comparison needs no database; the constraint in the database
    is the same one, and its migrations see a plain CheckConstraint.
    """

    def __init__(self, field: str, what: str, low, high, measure=None):
        if measure is len:
            condition = LessThanOrEqual(Length(field), high)
        else:
            condition = models.Q(**{f"{field}__range": (low, high)})
        super().__init__(condition=condition, name=f"%(app_label)s_%(class)s_{field}_{what}")
        self.field, self.low, self.high, self.measure = field, low, high, measure

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if exclude and self.field in exclude:
            return  # as Django's: a field left out (or already refused) is not checked
        value = getattr(instance, self.field)
        if value is None:
            return  # NULL passes a CHECK
        try:
            inside = self.low <= (self.measure(value) if self.measure else value) <= self.high
        except TypeError:
            # A value not yet converted to the field's type: the database judges it.
            super().validate(model, instance, exclude=exclude, using=using)
            return
        if not inside:
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )

    def clone(self):
        # Django clones a model's constraints to name them; a copy keeps the bounds.
        return copy.copy(self)

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs
