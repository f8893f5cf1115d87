"""The yearly quality rating's rule on a set: a cell's ratings for a year are decided together,
so the cap on "hoàn thành xuất sắc nhiệm vụ" is checked on the whole set as it would stand after
a save, whatever was entered first (see PartyRules.excellent_share_of_good for its basis)."""

from collections.abc import Iterable
from math import floor

from django.utils.translation import gettext as _

from .choices import QualityRating
from .rules import PartyRules


def excellent_allowed(good: int, rules: PartyRules) -> int:
    """How many "xuất sắc" a set with `good` ratings of "tốt" may hold."""
    return floor(rules.excellent_share_of_good * good)


def excellent_cap_problem(grades: Iterable[str], rules: PartyRules, *, place: str) -> str | None:
    """The refusal when the set `grades` (one per rated member) has more "xuất sắc" than the
    share of "tốt" allows; None when it fits. `place` names the cell and year."""
    grades = list(grades)
    excellent = grades.count(QualityRating.EXCELLENT)
    good = grades.count(QualityRating.GOOD)
    share = rules.excellent_share_of_good
    allowed = excellent_allowed(good, rules)
    if excellent <= allowed:
        return None
    return _(
        "Số đảng viên hoàn thành xuất sắc nhiệm vụ (%(excellent)s) không được vượt %(percent)s%% "
        "số hoàn thành tốt nhiệm vụ (%(good)s) của %(place)s: nhiều nhất %(allowed)s."
    ) % {
        "excellent": excellent,
        "percent": f"{float(share * 100):g}",
        "good": good,
        "place": place,
        "allowed": allowed,
    }
