"""The product's words for the procedure are the texts' words (issue 14, item 12): stage names,
form codes of Hướng dẫn 12-HD/BTCTW (2022) and the terms of the Charter's implementing rules."""

import re

from members.choices import STEP_FORMS, StepKind
from members.forms import YOUTH_UNION_FORMS
from members.models import CellMembership

# The forms of the admission and conversion file in 12-HD/BTCTW (2022), Phụ lục 2, and the
# awareness-course certificate (CN-NTVĐ, issued by the political centre).
KNOWN_FORMS = {f"{number}-KNĐ" for number in range(1, 17)} | {"CN-NTVĐ"}


def _codes(text: str) -> set[str]:
    return {code.strip() for code in text.split(",") if code.strip()}


def test_every_form_code_is_a_form_of_the_guidance():
    for kind, codes in STEP_FORMS.items():
        assert _codes(codes) <= KNOWN_FORMS, kind
    assert _codes(YOUTH_UNION_FORMS) == {"4-KNĐ", "3-KNĐ"}


def test_there_is_no_3a_form():
    every_code = " ".join(STEP_FORMS.values()) + YOUTH_UNION_FORMS
    assert not re.search(r"\d+[A-Z]-KNĐ", every_code)
    assert STEP_FORMS[StepKind.INTRODUCTION] == "3-KNĐ"


def test_the_conversion_vote_carries_the_members_file_and_the_cells_resolution():
    assert _codes(STEP_FORMS[StepKind.CONVERSION_VOTE]) == {
        "10-KNĐ",
        "11-KNĐ",
        "12-KNĐ",
        "13-KNĐ",
    }


def test_stage_names_follow_the_texts():
    assert StepKind.AWARENESS_COURSE.label == "Học lớp bồi dưỡng nhận thức về Đảng"
    assert StepKind.CONVERSION_VOTE.label == "Chi bộ xét, đề nghị công nhận đảng viên chính thức"
    assert StepKind.CELL_VOTE.label == "Chi bộ xét, đề nghị kết nạp"


def test_a_stay_in_a_cell_is_not_the_cells_meeting():
    # "sinh hoạt chi bộ" is the cell's meeting; a person's stay is "quá trình sinh hoạt ở chi bộ".
    assert CellMembership._meta.verbose_name == "quá trình sinh hoạt ở chi bộ"


def test_the_conversion_file_closes_with_14_and_15():
    # DOMAIN.md and issue 15: 13-KNĐ the cell's resolution, 14-KNĐ the grassroots committee's,
    # 15-KNĐ the decision (the app numbered the last two 15 and 16 before).
    assert STEP_FORMS[StepKind.CONVERSION_COMMITTEE] == "14-KNĐ"
    assert STEP_FORMS[StepKind.CONVERSION_DECISION] == "15-KNĐ"
    assert "16-KNĐ" not in " ".join(STEP_FORMS.values())
