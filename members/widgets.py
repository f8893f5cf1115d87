"""The person picker: introducers and helpers chosen from a list grouped by cell, the
candidate's cell first, each member who may not be chosen shown with the reason.

Plain checkboxes (or radio buttons) work without JavaScript; static/js/members.js adds a search
box that ignores diacritics and keeps members short only of the months together unselectable
unless chosen as the replacement introducer.
"""

from django import forms
from django.utils.translation import gettext as _

from .names import search_key


class PersonPicker(forms.widgets.ChoiceWidget):
    """Checkboxes of people grouped by cell. The form hands over `choices_info`
    ({id: selectors.IntroducerChoice}) and the candidate's cell; without them every option is
    plainly selectable."""

    allow_multiple_selected = True
    input_type = "checkbox"
    template_name = "members/widgets/person_picker.html"
    option_template_name = "members/widgets/person_picker_option.html"
    use_fieldset = True
    # "introducer" reads every problem; "helper" only those of an official member.
    role = "introducer"

    class Media:
        # The search box (form_page.html renders a form's media; the step form loads it itself).
        js = ["js/members.js"]

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.choices_info: dict = {}
        self.own_cell_id: int | None = None
        # What the first group is called after the cell's name (the candidate's, by default).
        self.own_cell_note: str | None = None

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.choices_info = {}
        return copy

    def problems_of(self, info) -> list:
        return info.problems if self.role == "introducer" else info.problems_as_helper()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        person = getattr(value, "instance", None)
        option["person"] = person
        # Crispy's form-control class is for text boxes; the template sets the box's own.
        option["attrs"].pop("class", None)
        option["search"] = search_key(f"{label}") if person is None else person_search(person)
        info = self.choices_info.get(person.pk) if person is not None else None
        problems = self.problems_of(info) if info is not None else []
        option["problems"] = [problem.message for problem in problems]
        option["replacement_only"] = self.role == "introducer" and bool(
            info and info.replacement_only
        )
        if problems and not option["replacement_only"] and not selected:
            option["attrs"]["disabled"] = True
        if problems:
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_reason"
        return option

    def optgroups(self, name, value, attrs=None):
        """One group per cell, in the order of the choices (the candidate's cell first)."""
        groups: list = []
        for _group, options, index in super().optgroups(name, value, attrs):
            for option in options:
                person = option["person"]
                label = self.group_label(person)
                if not groups or groups[-1][0] != label:
                    groups.append((label, [], index))
                groups[-1][1].append(option)
        return groups

    def group_label(self, person) -> str:
        if person is None:
            return ""
        if person.cell_id == self.own_cell_id and self.own_cell_note:
            return f"{person.cell.name} ({self.own_cell_note})"
        if person.cell_id == self.own_cell_id:
            return _("%(cell)s (chi bộ của người vào Đảng)") % {"cell": person.cell.name}
        return person.cell.name

    def id_for_label(self, id_, index=None):
        # The legend names the group; the error summary links to the first box. Each box has
        # its own id (its index), so that its label checks that box and no other.
        return super().id_for_label(id_, "0" if index is None else index)


class PersonPickerOne(PersonPicker):
    """The same list with radio buttons, for one person (the helper)."""

    allow_multiple_selected = False
    input_type = "radio"
    role = "helper"


def person_search(person) -> str:
    """What the picker's search box matches: name, code and cell without diacritics."""
    return search_key(f"{person.full_name} {person.code} {person.cell.name}")
