"""The figures of the admission procedure, each with its legal basis.

They change with the rules, so they live here as data and nowhere else. Figures not confirmed
for the Army (Quy định 332-QĐ/TW lets the Army set them) can be overridden per deployment
with the PARTY_RULES setting (JSON in the environment): {"decision_deadline_working_days": 45}.
"""

from dataclasses import dataclass, fields
from fractions import Fraction
from functools import cache

from django.conf import settings


@dataclass(frozen=True)
class PartyRules:
    # Điều lệ Đảng, Điều 1; Quy định 294-QĐ/TW (2025): from 18 to 60 full years, counted by month.
    min_age_months: int = 18 * 12
    max_age_months: int = 60 * 12
    # Hướng dẫn 06-HD/TW (2025): the party awareness course certificate is valid for 60 months.
    awareness_certificate_valid_months: int = 60
    # Quy định 294-QĐ/TW, continuing 24-QĐ/TW point 3.2.1 (Điều lệ Đảng, Điều 4, khoản 2): an
    # introducer has worked or studied with the candidate for at least 12 months "in the same unit
    # under the leadership of one grassroots party committee or cell"; separate stays add up (a
    # month is a calendar month; the days left over from each stay add up, 30 days a month).
    introducer_min_months_together: int = 12
    # The unit that time together is counted in: "battalion" (the battalion party committee is
    # the grassroots committee leading the cells, DOMAIN.md) or "cell" (a stricter reading).
    introducer_unit: str = "battalion"
    # Điều lệ Đảng, Điều 4, khoản 1 and 24-QĐ/TW point 3.1: the grassroots Youth Union committee
    # (4-KNĐ) and one official member introduce a Youth Union member in youth age, which is from
    # 16 to 30 full years (Luật Thanh niên 2020, Điều 1). When required, a Youth Union member in
    # youth age takes that route, unless the unit has no grassroots Youth Union organisation.
    youth_min_age_years: int = 16
    youth_max_age_years: int = 30
    youth_union_route_required: bool = True
    # DOMAIN.md (12-HD/BTCTW): the introduction, the Youth Union's resolution and the summary of
    # opinions are valid for 12 months at the cell vote; older ones are redone.
    file_valid_months: int = 12
    # Điều lệ Đảng, Điều 4: at least two thirds of the cell's official members agree. A vote
    # below it is recorded as a failed vote (the person stays at the stage) and may be held again.
    vote_threshold: Fraction = Fraction(2, 3)
    # Quy định 29-QĐ/TW (2016), point 4.2 (on Điều lệ Đảng, Điều 5, khoản 2), continued by
    # 24-QĐ/TW and 294-QĐ/TW: when the cell has voted three times without two thirds of its
    # official members agreeing to recognise a probationary member as official (or to strike
    # them off), it reports to the directly superior committee and the competent committee,
    # which consider and decide. After that many failed conversion votes the cell votes no more.
    conversion_votes_before_referral: int = 3
    # Điều lệ Đảng, Điều 4, khoản 3, as Hướng dẫn 01-HD/TW (2016, point 3.6; 2021) and Quy định
    # 294-QĐ/TW continue it: the grassroots party committee resolves to propose the admission
    # (8-KNĐ) or the official membership (14-KNĐ) when at least two thirds of its members agree.
    # DOMAIN.md states the figure; the clause itself was not found in the stored texts, hence
    # a rule of its own. A vote below it is recorded as a failed vote, like the cell's.
    committee_vote_threshold: Fraction = Fraction(2, 3)
    # Not found in the texts read (Điều lệ Đảng; 29-, 24-QĐ/TW; 01-HD/TW): how long after a
    # failed admission vote the cell may vote again, and whether it reports upward. A setting
    # (months; 0 = the cell may vote again at a later meeting), see the README.
    admission_revote_wait_months: int = 0
    # Quy định 294-QĐ/TW point 3.5.1.b (as in 29- and 24-QĐ/TW): re-admission at least 36 months
    # after leaving the Party; after a conviction for a less serious crime, 60 months after the
    # record was cleared. Point 3.5.3: once only. Point 3.5.4: probation again.
    readmission_wait_months: int = 36
    readmission_wait_after_record_cleared_months: int = 60
    # Point 3.5.2: never re-admitted after leaving for these grounds (members.choices.ExitGround):
    # abandoning party activity, applying to leave (except especially difficult family
    # circumstances), serious internal disunity, conviction for corruption or for a serious or
    # graver crime.
    readmission_excluded_grounds: tuple[str, ...] = (
        "abandoned", "left_at_request", "disunity", "corruption", "serious_crime",
    )  # fmt: skip
    # Point 3.5.1.b: the written consent of the standing committee of the province's or city's
    # party committee "or equivalent"; which body is its equivalent in the Army (Quy định
    # 332-QĐ/TW) was not found: a setting, named on the form and in the messages.
    readmission_consent_body: str = "Ban Thường vụ tỉnh ủy, thành ủy hoặc tương đương"
    # Quy định 294-QĐ/TW: the superior committee decides within 60 working days of the cell
    # resolution; it may extend once by at most 30 working days.
    decision_deadline_working_days: int = 60
    decision_extension_working_days: int = 30
    # Hướng dẫn 06-HD/TW: the ceremony within 30 working days of receiving the decision.
    ceremony_deadline_working_days: int = 30
    # Điều lệ Đảng, Điều 5: 12 months of probation from the admission ceremony.
    probation_months: int = 12
    # Quy định 294-QĐ/TW: the cell votes on conversion within 30 working days after probation;
    # the superior committee decides within 30 working days, extendable by 30.
    conversion_vote_deadline_working_days: int = 30
    conversion_decision_deadline_working_days: int = 30
    conversion_decision_extension_working_days: int = 30
    # Yearly rating: Quy định 366-QĐ/TW (30/08/2025), Điều 11, keeps the four grades (xuất sắc
    # from 90 points, tốt 70 to under 90, hoàn thành 50 to under 70, không hoàn thành). Its cap
    # on "xuất sắc" was not found in the texts read; under 124-QĐ/TW (2023) and Hướng dẫn
    # 21-HD/BTCTW (2019) those rated "xuất sắc" were at most 20% of those rated "tốt" in the
    # party organisation, and Nghị định 335/2025/NĐ-CP keeps 20% of "tốt" for civil servants.
    # A setting (README), checked on a cell's whole set of ratings for a year (members.ratings).
    excellent_share_of_good: Fraction = Fraction(1, 5)
    # Quy định 294-QĐ/TW: at least lower-secondary education (see EducationLevel).
    min_education_rank: int = 1
    # Transfers of party activity (chuyển sinh hoạt đảng). The implementing rules on the
    # Charter's Điều 6, point 6.3.1 c) (Quy định 29-QĐ/TW 2016 and 24-QĐ/TW 2021, as published;
    # 294-QĐ/TW not found): "Trong vòng 30 ngày làm việc kể từ ngày giới thiệu chuyển đi, đảng
    # viên phải xuất trình giấy giới thiệu sinh hoạt đảng với chi ủy nơi chuyển đến". The Army's
    # own rule (Quy định 332-QĐ/TW) was not found: a setting.
    transfer_present_working_days: int = 30
    # A member of another organisation attending a cell temporarily (sinh hoạt đảng tạm thời):
    # Hướng dẫn 01-HD/TW (2021) point 10.2.2 names stays of 3 to under 12 months, and courses at
    # schools in the country of 3 to 24 months; the longest is the limit of one letter's period.
    temporary_attendance_max_months: int = 24


@cache
def _rules_from(overrides: tuple) -> PartyRules:
    known = {field.name: field.type for field in fields(PartyRules)}
    values = {}
    for name, value in overrides:
        if name not in known:
            raise ValueError(f"PARTY_RULES: unknown rule {name!r}")
        values[name] = _parse(known[name], value)
    rules = PartyRules(**values)
    if rules.introducer_unit not in INTRODUCER_UNITS:
        raise ValueError(f"PARTY_RULES: introducer_unit must be one of {INTRODUCER_UNITS}")
    return rules


INTRODUCER_UNITS = ("battalion", "cell")


def _parse(kind, value):
    if kind == tuple[str, ...]:
        return tuple(str(item) for item in value)
    if kind is Fraction:
        return Fraction(value)
    if kind is bool:
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
    return kind(value)


def get_rules() -> PartyRules:
    """The rules in force: the defaults above with the deployment's PARTY_RULES applied."""
    return _rules_from(tuple(sorted(getattr(settings, "PARTY_RULES", {}).items())))
