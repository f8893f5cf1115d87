from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from members.choices import StepKind
from paperwork.selectors import by_battalion, worklist, worklist_by_battalion

register = template.Library()

# The documents a person's record can produce: the step each one reports on, its view, its form.
_PERSON_DOCUMENTS = [
    (
        StepKind.CELL_VOTE,
        "admission_resolution",
        "6-KNĐ",
        gettext_lazy("Nghị quyết chi bộ đề nghị kết nạp"),
    ),
    (
        StepKind.CONVERSION_VOTE,
        "conversion_resolution",
        "13-KNĐ",
        gettext_lazy("Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức"),
    ),
]


@register.simple_tag
def person_documents(person, steps=None) -> list[dict]:
    """The documents available for `person`: one per recorded vote. Pass the steps the page
    has already read to spare a query."""
    recorded = {step.kind for step in (person.steps.all() if steps is None else steps)}
    return [
        {
            "form": form,
            "label": label,
            "print_url": reverse(f"paperwork:{name}", args=[person.pk]),
            "docx_url": reverse(f"paperwork:{name}_docx", args=[person.pk]),
        }
        for kind, name, form, label in _PERSON_DOCUMENTS
        if kind in recorded
    ]


# How many of the soonest items the home page shows before linking to the full worklist.
HOME_ITEMS = 3


@register.inclusion_tag("paperwork/includes/_worklist_summary.html")
def worklist_summary(user):
    """The user's soonest deadlines, for their home page; for a whole academy, its count of
    items by battalion (worklist_by_battalion), with no items of its own."""
    if by_battalion(user):
        rows = worklist_by_battalion(user, today=timezone.localdate())
        return {
            "items": [],
            "by_battalion": True,
            "total": sum(row.total for row in rows),
            "overdue": sum(row.overdue for row in rows),
        }
    items = worklist(user, today=timezone.localdate())
    return {
        "items": items[:HOME_ITEMS],
        "total": len(items),
        "overdue": sum(1 for item in items if item.is_overdue),
    }
