"""The introducer and helper picker (issue 16, item 1): the candidate's cell first, and each
member who may not be chosen greyed with the reason the step checker itself gives
(pipeline.introducer_problems), computed for the step's day."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.choices import StepKind
from members.selectors import introducer_choices
from tests.factories import PersonFactory, make_official_member
from tests.forms import post_shown
from tests.members.test_introducers import INTRODUCED_ON, arrived, far_cell, introduce, ready

D = datetime.date
DAY = INTRODUCED_ON.strftime("%d/%m/%Y")
__all__ = ["far_cell"]


@pytest.fixture
def members(cell_a, cell_b, far_cell):
    """Official members around a candidate of cell A introduced on 01/06/2018."""
    return {
        "senior": make_official_member(cell_a, full_name="Đặng Thị Hoài"),
        "sibling": make_official_member(cell_b),
        # 12 months together to the day, and one day short of it.
        "exact": arrived(cell_a, far_cell, D(2017, 6, 1)),
        "newcomer": arrived(cell_a, far_cell, D(2017, 6, 3)),
        # Official only from 01/07/2018, a month after the introduction.
        "late": make_official_member(cell_a, since=D(2018, 7, 1)),
        "other_battalion": make_official_member(far_cell),
    }


@pytest.fixture
def candidate(cell_a):
    return ready(cell_a)


def refusal(candidate, introducers) -> list[str]:
    with pytest.raises(ValidationError) as error:
        introduce(candidate, introducers)
    return error.value.message_dict["introducers"]


@pytest.mark.parametrize("who", ["newcomer", "late"])
def test_the_pickers_reasons_are_the_checks_own_messages(clerk, candidate, members, who):
    choices = introducer_choices(candidate, clerk, day=INTRODUCED_ON)
    shown = [problem.message for problem in choices[members[who].pk].problems]
    assert shown
    assert shown == refusal(candidate, [members["senior"], members[who]])


def test_twelve_months_to_the_day_is_eligible_one_day_less_only_as_a_replacement(
    clerk, candidate, members
):
    choices = introducer_choices(candidate, clerk, day=INTRODUCED_ON)
    assert choices[members["exact"].pk].problems == []
    newcomer = choices[members["newcomer"].pk]
    assert [problem.rule for problem in newcomer.problems] == ["months_together"]
    assert "11 tháng 29 ngày" in newcomer.problems[0].message
    assert newcomer.replacement_only
    # A replacement needs no 12 months: as the replacement, the check accepts the newcomer.
    step = introduce(
        candidate,
        [members["senior"], members["newcomer"]],
        replacement_introducer=members["newcomer"],
        replacement_reason="transferred",
    )
    assert members["newcomer"] in step.introducers.all()


def test_a_member_not_yet_official_on_the_day_is_not_even_a_replacement(clerk, candidate, members):
    late = introducer_choices(candidate, clerk, day=INTRODUCED_ON)[members["late"].pk]
    assert [problem.rule for problem in late.problems] == ["not_official"]
    assert not late.replacement_only
    # A day after the conversion the same member may introduce.
    assert (
        introducer_choices(candidate, clerk, day=D(2018, 7, 2))[members["late"].pk].problems == []
    )


def test_the_choices_are_the_battalions_official_members_in_a_fixed_number_of_queries(
    clerk, candidate, members, cell_b, django_assert_num_queries
):
    more = [make_official_member(cell_b) for _ in range(3)]
    # One of them the battalion's cell ids, read once for the request (core.scoping).
    with django_assert_num_queries(6):
        choices = introducer_choices(candidate, clerk, day=INTRODUCED_ON)
    assert members["other_battalion"].pk not in choices
    assert candidate.pk not in choices
    nearby = [member for name, member in members.items() if name != "other_battalion"]
    assert {member.pk for member in [*nearby, *more]} <= set(choices)


def step_page(client, person, day=DAY):
    return client.get(reverse("members:step_create", args=[person.pk]), {"date": day})


def option_of(html: str, person) -> str:
    """The picker option of `person` in the introducers list."""
    marker = '<div class="form-check person-picker-option'
    # An option's own </div> starts a line (templates/members/widgets/person_picker_option.html).
    options = [(marker + chunk).split("\n</div>")[0] for chunk in html.split(marker)[1:]]
    found = [
        option
        for option in options
        if f'value="{person.pk}"' in option and 'name="introducers"' in option
    ]
    assert len(found) == 1, person
    return found[0]


def test_the_page_lists_the_candidates_cell_first_and_greys_the_ineligible(
    client_for, clerk, candidate, members
):
    html = step_page(client_for(clerk), candidate).content.decode()
    picker = html[html.index('data-picker="introducers"') :]
    assert picker.index("Chi bộ A (chi bộ của người vào Đảng)") < picker.index("Chi bộ B")
    assert members["other_battalion"].full_name not in picker
    late = option_of(html, members["late"])
    assert " disabled" in late
    assert "is-ineligible" in late
    assert "chưa là đảng viên chính thức vào ngày 01/06/2018" in late
    newcomer = option_of(html, members["newcomer"])
    assert " disabled" not in newcomer
    assert "data-replacement-only" in newcomer
    assert "Chỉ chọn được làm người giới thiệu thay thế" in newcomer
    senior = option_of(html, members["senior"])
    assert " disabled" not in senior
    assert "is-ineligible" not in senior
    # The search key has no diacritics: the browser's search box matches "dang thi hoai".
    assert 'data-search="dang thi hoai' in senior


def test_a_refused_form_shows_the_reasons_for_the_day_it_was_sent(
    client_for, clerk, candidate, members
):
    response = post_shown(
        client_for(clerk),
        reverse("members:step_create", args=[candidate.pk]),
        {"kind": "introduction", "date": "02/07/2018", "introducers": [members["senior"].pk]},
    )
    assert response.status_code == 200
    late = option_of(response.content.decode(), members["late"])
    assert "is-ineligible" not in late


def test_the_helper_needs_no_months_together(client_for, clerk, cell_a, members):
    form_html = step_page(client_for(clerk), new_cadet(cell_a)).content.decode()
    helper = form_html[form_html.index('data-picker="helper"') :]
    newcomer = re.search(rf'<input[^>]*value="{members["newcomer"].pk}"[^>]*>', helper).group(0)
    late = re.search(rf'<input[^>]*value="{members["late"].pk}"[^>]*>', helper).group(0)
    assert 'type="radio"' in newcomer
    assert "disabled" not in newcomer
    assert "disabled" in late


def new_cadet(cell):
    return PersonFactory(cell=cell)


def test_the_step_kind_listed_offers_the_helper_picker(client_for, clerk, cell_a, members):
    page = step_page(client_for(clerk), new_cadet(cell_a))
    assert page.context["form"].fields["kind"].choices[0][0] == StepKind.LISTED
    assert 'data-picker="helper"' in page.content.decode()


def test_each_box_has_its_own_id_so_its_label_checks_it(client_for, clerk, cell_a, members):
    text = step_page(client_for(clerk), new_cadet(cell_a)).content.decode()
    for name in ("introducers", "helper"):
        ids = re.findall(rf'<input[^>]*name="{name}"[^>]*id="(id_{name}_[^"]+)"', text)
        assert len(ids) > 2
        assert len(ids) == len(set(ids)), ids
        for box_id in ids:
            assert f'for="{box_id}"' in text


def test_the_assignment_form_uses_the_same_picker(client_for, clerk, cell_a, cell_b, members):
    cadet = new_cadet(cell_a)
    response = client_for(clerk).get(reverse("members:assignment_create", args=[cadet.pk]))
    text = response.content.decode()
    assert 'data-picker="mentor"' in text
    assert 'data-picker="mentee"' in text
    assert "js/members.js" in text
    # The cadet's cell first, named after the cadet; no "none" button on required fields.
    mentor = text[text.index('data-picker="mentor"') :]
    assert mentor.index(f"{cell_a.name} (chi bộ của {cadet.full_name})") < mentor.index(cell_b.name)
    assert 'name="mentor" value=""' not in text
    assert re.search(rf'name="mentee" value="{cadet.pk}"[^>]*checked', text)
