"""The person form and pages for a day's work (issue 16, item 2): sections by kind, the cohort
chosen from the battalion's cohorts (a new one opened deliberately), the move dated today by
default, and a new cadet's first step."""

import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone

from core.forms import LongSelect
from members.choices import Ethnicity
from members.forms import NEW_COHORT
from members.models import Person
from tests.factories import PersonFactory
from tests.members.test_pages import person_post


def create(client, cell, **changes):
    return client.post(reverse("members:person_create"), person_post(cell, **changes))


def test_the_cohort_is_chosen_from_the_cohorts_of_the_battalion(client_for, clerk, cell_a, cell_c):
    PersonFactory(cell=cell_a, cohort="K60")
    PersonFactory(cell=cell_c, cohort="K99")  # another battalion's cohort is not offered
    form = client_for(clerk).get(reverse("members:person_create")).context["form"]
    values = [value for value, _label in form.fields["cohort"].choices]
    assert values == ["", "K60", NEW_COHORT]


def test_a_cohort_that_does_not_exist_is_refused_unless_opened(client_for, clerk, cell_a):
    PersonFactory(cell=cell_a, cohort="K60")
    response = create(client_for(clerk), cell_a, cohort="K61", new_cohort="")
    assert response.status_code == 200
    assert "“K61” không có trong danh sách; chọn lại." in response.content.decode()
    assert not Person.objects.filter(code="HV9001").exists()


def test_a_new_cohort_is_opened_deliberately(client_for, clerk, cell_a):
    response = create(client_for(clerk), cell_a, cohort=NEW_COHORT, new_cohort=" K61 ")
    assert response.status_code == 302
    assert Person.objects.get(code="HV9001").cohort == "K61"


def test_a_new_cohort_spelt_like_an_existing_one_is_the_existing_one(client_for, clerk, cell_a):
    PersonFactory(cell=cell_a, cohort="K61")
    create(client_for(clerk), cell_a, cohort=NEW_COHORT, new_cohort="k 61")
    assert Person.objects.get(code="HV9001").cohort == "K61"


def test_a_new_cohort_needs_a_name_and_the_choice(client_for, clerk, cell_a):
    client = client_for(clerk)
    assert "Nhập tên khóa mới." in create(client, cell_a, new_cohort="").content.decode()
    typed_only = create(client, cell_a, cohort="", new_cohort="K61").content.decode()
    assert "Muốn mở khóa mới thì chọn “Khóa mới…” ở mục Khóa" in typed_only
    assert not Person.objects.filter(code="HV9001").exists()


def test_editing_keeps_the_persons_cohort(client_for, clerk, cell_a):
    person = PersonFactory(cell=cell_a, cohort="K55")
    form = client_for(clerk).get(reverse("members:person_edit", args=[person.pk])).context["form"]
    assert form.initial["cohort"] == "K55"
    assert "K55" in [value for value, _label in form.fields["cohort"].choices]


def test_the_form_is_in_sections_by_kind(client_for, clerk):
    html = client_for(clerk).get(reverse("members:person_create")).content.decode()
    general = html.index("<legend>Thông tin chung</legend>")
    cadet = html.index('data-show-if-value="cadet"')
    cadre = html.index('data-show-if-value="cadre"')
    assert general < html.index('id="id_code"') < cadet < html.index('id="id_cohort"') < cadre
    assert cadre < html.index('id="id_position"')


def test_the_move_form_is_dated_today(client_for, clerk, cell_a, cell_b):
    person = PersonFactory(cell=cell_a)
    form = client_for(clerk).get(reverse("members:person_move", args=[person.pk])).context["form"]
    assert form.initial["on"] == timezone.localdate()


def test_a_new_cadets_page_shows_the_first_step_to_record(client_for, clerk, cell_a):
    person = PersonFactory(cell=cell_a)
    html = client_for(clerk).get(reverse("members:person_detail", args=[person.pk]))
    text = html.content.decode()
    start = text.index('data-testid="next-step"')
    next_step = text[start : text.index("</dd>", start)]
    assert "Đưa vào danh sách quần chúng ưu tú" in next_step
    assert reverse("members:step_create", args=[person.pk]) in next_step


def test_a_commander_sees_the_first_step_without_the_link(client_for, commander, cell_a):
    person = PersonFactory(cell=cell_a, enrolment_date=datetime.date(2020, 9, 1))
    text = client_for(commander).get(reverse("members:person_detail", args=[person.pk]))
    text = text.content.decode()
    start = text.index('data-testid="next-step"')
    next_step = text[start : text.index("</dd>", start)]
    assert "Đưa vào danh sách quần chúng ưu tú" in next_step
    assert "ghi bước này" not in next_step


def test_the_person_forms_lists_are_written_in_python_with_djangos_markup(
    client_for, clerk, cell_a
):
    """Eleven lists, 136 options: one template include per option made up a fifth of the edit
    page's time (issue 17); the markup is Django's (tests/core/test_fast_rendering.py)."""
    person = PersonFactory(cell=cell_a, ethnicity=Ethnicity.KINH)
    response = client_for(clerk).get(reverse("members:person_edit", args=[person.pk]))
    selects = [
        field.widget
        for field in response.context["form"].fields.values()
        if isinstance(field.widget, forms.Select)
    ]
    assert len(selects) >= 10
    assert all(isinstance(widget, LongSelect) for widget in selects)
    assert '<option value="01" selected>Kinh</option>' in response.content.decode()
