import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from core.concurrency import current_version
from resolutions.models import AreaTarget, CellRollout, FocusArea, MinGrade, Resolution
from resolutions.quarters import quarter_bounds, report_deadline
from resolutions.services import AreaGoal, CellGoal, resolution_update, rollout_record
from tests.factories import PartyCellFactory, make_resolution


def test_issuing_sends_the_resolution_to_every_cell_of_the_battalion(battalion, cell_a, cell_b):
    resolution = make_resolution(battalion, cell_goals={cell_a: {"admissions": 2}})
    assert set(resolution.rollouts.values_list("cell_id", flat=True)) == {cell_a.pk, cell_b.pk}
    assert resolution.cell_targets.get(cell=cell_a).admissions == 2


def test_one_resolution_per_committee_per_quarter(battalion, cell_a):
    make_resolution(battalion, year=2018, quarter=2, number="15-NQ/ĐU")
    with pytest.raises(ValidationError) as error:
        make_resolution(battalion, year=2018, quarter=2, number="16-NQ/ĐU")
    assert "đã có nghị quyết quý 2/2018 (số 15-NQ/ĐU)" in error.value.message_dict["quarter"][0]
    assert Resolution.objects.count() == 1


def test_a_supplement_may_share_the_quarter(battalion, cell_a):
    make_resolution(battalion, year=2018, quarter=2)
    supplement = make_resolution(
        battalion, year=2018, quarter=2, number="17-NQ/ĐU", is_supplement=True
    )
    assert supplement.is_supplement
    assert Resolution.objects.filter(year=2018, quarter=2).count() == 2


def test_another_quarter_or_another_committee_is_free(battalion, other_battalion, cell_a, cell_c):
    make_resolution(battalion, year=2018, quarter=2)
    make_resolution(battalion, year=2018, quarter=3)
    make_resolution(other_battalion, year=2018, quarter=2)
    assert Resolution.objects.count() == 3


def test_the_database_refuses_a_second_main_resolution_for_the_quarter(battalion):
    fields = {"battalion": battalion, "year": 2018, "quarter": 2, "title": "x"}
    Resolution.objects.create(number="1", signed_on=datetime.date(2018, 4, 2), **fields)
    with pytest.raises(IntegrityError):
        Resolution.objects.create(number="2", signed_on=datetime.date(2018, 4, 3), **fields)


def test_correcting_a_resolution_into_a_taken_quarter_is_refused(battalion):
    make_resolution(battalion, year=2018, quarter=2)
    third = make_resolution(battalion, year=2018, quarter=3)
    with pytest.raises(ValidationError) as error:
        _update(third, quarter=2, signed_on=datetime.date(2018, 4, 5))
    assert "quarter" in error.value.message_dict


@pytest.mark.parametrize("signed_on", [datetime.date(2018, 1, 2), datetime.date(2018, 6, 30)])
def test_signed_in_the_quarter_or_the_one_before(battalion, signed_on):
    assert make_resolution(battalion, year=2018, quarter=2, signed_on=signed_on).pk


@pytest.mark.parametrize("signed_on", [datetime.date(2017, 12, 31), datetime.date(2018, 7, 1)])
def test_signed_outside_the_quarter_or_the_one_before_is_refused(battalion, signed_on):
    with pytest.raises(ValidationError) as error:
        make_resolution(battalion, year=2018, quarter=2, signed_on=signed_on)
    assert "từ 01/01/2018 đến 30/06/2018" in error.value.message_dict["signed_on"][0]


def test_signed_in_the_future_is_refused(battalion):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as error:
        make_resolution(battalion, year=next_year, quarter=1)
    assert "tương lai" in error.value.message_dict["signed_on"][0]


def test_targets_for_a_cell_of_another_battalion_are_refused(battalion, cell_a, cell_c):
    with pytest.raises(ValidationError) as error:
        make_resolution(battalion, cell_goals={cell_c: {"admissions": 1}})
    assert "không thuộc tiểu đoàn" in str(error.value)
    assert not Resolution.objects.exists()


def test_an_area_target_over_100_percent_is_refused(battalion):
    goal = AreaGoal(area=FocusArea.STUDY, target_percent=120)
    with pytest.raises(ValidationError):
        make_resolution(battalion, area_goals=[goal])
    assert not Resolution.objects.exists()


def test_an_area_target_without_criterion_text_gets_one(battalion):
    goal = AreaGoal(area=FocusArea.STUDY, target_percent=70, min_grade=MinGrade.FAIR)
    resolution = make_resolution(battalion, area_goals=[goal])
    assert resolution.area_targets.get().criterion == (
        "Tỷ lệ quần chúng ưu tú được đánh giá khá trở lên về học tập"
    )


def test_correcting_targets_keeps_their_history_and_drops_left_out_areas(battalion, cell_a):
    resolution = make_resolution(
        battalion,
        area_goals=[
            AreaGoal(area=FocusArea.STUDY, target_percent=70),
            AreaGoal(area=FocusArea.MOVEMENT, target_percent=60),
        ],
        cell_goals={cell_a: {"admissions": 1}},
    )
    study = resolution.area_targets.get(area=FocusArea.STUDY)
    _update(
        resolution,
        area_goals=[AreaGoal(area=FocusArea.STUDY, target_percent=80)],
        cell_goals=[CellGoal(cell_id=cell_a.pk, admissions=3)],
    )
    study.refresh_from_db()
    assert study.target_percent == 80
    assert [h.target_percent for h in study.history.order_by("history_date")] == [70, 80]
    assert not AreaTarget.objects.filter(area=FocusArea.MOVEMENT).exists()
    assert resolution.cell_targets.get(cell=cell_a).history.count() == 2


def test_the_resolution_keeps_its_cells_summed_admission_targets(battalion, cell_a, cell_b):
    """Counted again each time the targets are written (never added to), and kept out of the
    resolution's history: it is derived from the cell targets, whose history is kept."""
    bare = make_resolution(battalion, quarter=1)
    assert Resolution.objects.get(pk=bare.pk).admissions_target == 0
    resolution = make_resolution(
        battalion, cell_goals={cell_a: {"admissions": 3}, cell_b: {"admissions": 2}}
    )
    assert Resolution.objects.get(pk=resolution.pk).admissions_target == 5
    _update(
        resolution,
        cell_goals=[
            CellGoal(cell_id=cell_a.pk, admissions=1),
            CellGoal(cell_id=cell_b.pk, admissions=0),
        ],
    )
    assert Resolution.objects.get(pk=resolution.pk).admissions_target == 1
    historical = {field.name for field in Resolution.history.model._meta.fields}
    assert "admissions_target" not in historical
    assert "title" in historical


def test_a_cell_added_later_gets_its_roll_out_when_the_resolution_is_saved(battalion, cell_a):
    resolution = make_resolution(battalion)
    new_cell = PartyCellFactory(battalion=battalion)
    _update(resolution)
    assert CellRollout.objects.filter(resolution=resolution, cell=new_cell).exists()


def test_signing_date_cannot_move_after_a_cell_received_it(battalion, cell_a):
    resolution = make_resolution(battalion, signed_on=datetime.date(2018, 4, 2))
    rollout_record(
        rollout=resolution.rollouts.get(),
        seen_version=current_version(resolution.rollouts.get()),
        received_on=datetime.date(2018, 4, 4),
    )
    with pytest.raises(ValidationError) as error:
        _update(resolution, signed_on=datetime.date(2018, 4, 5))
    assert "nhận nghị quyết (04/04/2018)" in error.value.message_dict["signed_on"][0]
    _update(resolution, signed_on=datetime.date(2018, 4, 3))


def test_quarters_and_the_report_deadline():
    assert quarter_bounds(2018, 1) == (datetime.date(2018, 1, 1), datetime.date(2018, 3, 31))
    assert quarter_bounds(2018, 4) == (datetime.date(2018, 10, 1), datetime.date(2018, 12, 31))
    # 5 working days after Saturday 30/06/2018: Monday 2/7 to Friday 6/7.
    assert report_deadline(2018, 2) == datetime.date(2018, 7, 6)
    # New Year's Day does not count, and Saturday 5/1/2019 was worked in exchange for Monday
    # 31/12/2018 (the swap the holidays package records): 2/1, 3/1, 4/1, 5/1 and 7/1/2019.
    assert report_deadline(2018, 4) == datetime.date(2019, 1, 7)


def _update(resolution, **changes):
    fields = {
        name: getattr(resolution, name)
        for name in ("number", "year", "quarter", "signed_on", "title", "text", "is_supplement")
    }
    fields["seen_version"] = current_version(resolution)
    return resolution_update(resolution=resolution, **{**fields, **changes})


def test_an_edit_based_on_the_latest_version_is_saved(battalion, cell_a):
    resolution = make_resolution(battalion, cell_goals={cell_a: {"admissions": 2}})
    _update(resolution, title="Trích yếu mới", seen_version=current_version(resolution))
    resolution.refresh_from_db()
    assert resolution.title == "Trích yếu mới"


def test_the_second_of_two_concurrent_edits_is_refused_with_what_changed(battalion, cell_a):
    resolution = make_resolution(battalion, cell_goals={cell_a: {"admissions": 2}})
    seen_by_both = current_version(resolution)
    _update(resolution, title="Sửa của trợ lý thứ nhất", seen_version=seen_by_both)
    with pytest.raises(ValidationError) as error:
        _update(resolution, text="Sửa của trợ lý thứ hai", seen_version=seen_by_both)
    assert "Sửa của trợ lý thứ nhất" in " ".join(error.value.messages)
    resolution.refresh_from_db()
    assert resolution.text != "Sửa của trợ lý thứ hai"
