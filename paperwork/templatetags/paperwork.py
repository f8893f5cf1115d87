from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from members.choices import StepKind
from paperwork.selectors import by_battalion, worklist, worklist_totals

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
    items and overdue ones (worklist_totals: worklist_by_battalion's rows summed), with no
    items of its own."""
    if by_battalion(user):
        total, overdue = worklist_totals(user, today=timezone.localdate())
        return {"items": [], "by_battalion": True, "total": total, "overdue": overdue}
    items = worklist(user, today=timezone.localdate())
    return {
        "items": items[:HOME_ITEMS],
        "total": len(items),
        "overdue": sum(1 for item in items if item.is_overdue),
    }


@register.simple_tag
def worklist_battalion_rows(rows, drill_query: str = "") -> SafeString:
    """The rows of a whole academy's worklist by battalion, written in Python: the template
    took a loop, an include of translations and a localised number per cell of 200 battalions
    (issue 17, 0.6 of the page's time at a million cadets). Numbers are written as the
    template wrote them (no thousands separator)."""
    url = escape(reverse("paperwork:worklist"))
    drill = escape(drill_query)
    count_label, late_label = escape(gettext("Số việc")), escape(gettext("Quá hạn"))
    lines = []
    for row in rows:
        kinds = "; ".join(
            f"{escape(label)}: {count}"
            + (f" ({escape(gettext('%(overdue)s quá hạn') % {'overdue': late})})" if late else "")
            for label, count, late in row.kinds
        )
        danger, overdue = (' class="table-danger"', " overdue") if row.overdue else ("", "")
        lines.append(
            f'<tr data-testid="worklist-battalion"{danger}>'
            f'<td class="card-title-cell"><a href="{url}?tieu_doan={row.battalion_id}{drill}" '
            f'title="{escape(row.code)}">{escape(row.name)}</a></td>'
            f'<td class="text-end" data-label="{count_label}">{row.total}</td>'
            f'<td class="text-end{overdue}" data-label="{late_label}">{row.overdue}</td>'
            f'<td class="small text-muted">{kinds}</td></tr>'
        )
    return mark_safe("\n".join(lines))
