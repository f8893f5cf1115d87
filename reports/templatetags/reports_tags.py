import datetime
import html

from django import template
from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..dashboard import build_summary

register = template.Library()


def escape(value) -> str:
    """The text of django.utils.html.escape (html.escape of str(value)) without its lazy-string
    check and SafeString for each call: a whole academy's unit choices are 1,400 options, and
    the tags mark their whole result safe once."""
    return html.escape(str(value))


NUMERIC = {"int", "percent", "days", "date"}
PK_PLACEHOLDER = 987654321
# In the print view, a table of more columns than this stacks into cards on a phone: fewer fit
# 390 px by wrapping their text.
STACKED_FROM_COLUMNS = 4


class _CellWriter:
    """Formats the cells of one table: numbers grouped the local way, dates dd/mm/yyyy.

    Settings are looked up once per table, not once per cell: a table by cell over ten years
    of a whole academy has thousands of cells.
    """

    def __init__(self):
        self.thousands = get_format("THOUSAND_SEPARATOR")
        self.decimal = get_format("DECIMAL_SEPARATOR")
        self.met = (_("Chưa đạt"), _("Đạt"))
        self.running = _("Đang thực hiện")
        # One reverse() for every row; the placeholder is swapped for each person's pk.
        self.person_url = reverse("members:person_detail", args=[PK_PLACEHOLDER])

    def number(self, value, decimals: int) -> str:
        text = f"{value:,.{decimals}f}"
        return text.replace(",", "\0").replace(".", self.decimal).replace("\0", self.thousands)

    def text(self, row: dict, column) -> str:
        value = row.get(column.key)
        if value is None or value == "":
            return "—"
        if column.kind == "date" and isinstance(value, datetime.date):
            return date_format(value, "SHORT_DATE_FORMAT")
        if column.kind == "int":
            return self.number(value, 0)
        if column.kind in ("percent", "days"):
            return self.number(value, 1 if value % 1 else 0)
        return escape(value)

    def cell(self, row: dict, column, label: str = "", title_key: str | None = None) -> str:
        """One <td>; `label` is its ` data-label="…"` when the table stacks into cards, the
        row's `title_key` its tooltip (a battalion's code under its name)."""
        value = row.get(column.key)
        if title_key and (title := row.get(title_key)):
            label += f' title="{escape(title)}"'
        if column.kind == "met" and value is not None:
            css = "text-success" if value else "text-danger fw-semibold"
            return f'<td class="{css}"{label}>{escape(self.met[bool(value)])}</td>'
        if column.kind == "met" and row.get("running"):
            return f'<td class="text-secondary"{label}>{escape(self.running)}</td>'
        if column.kind == "link" and row.get(f"{column.key}_url"):
            url = row[f"{column.key}_url"]
            return f'<td{label}><a href="{escape(url)}">{escape(value)}</a></td>'
        if column.kind == "person" and row.get("id"):
            url = self.person_url.replace(str(PK_PLACEHOLDER), str(row["id"]))
            return f'<td{label}><a href="{escape(url)}">{escape(value)}</a></td>'
        align = ' class="text-end"' if column.kind in NUMERIC else ""
        return f"<td{align}{label}>{self.text(row, column)}</td>"


@register.simple_tag
def report_rows(table, cards: bool = False) -> str:
    """The table's body rows, built in Python for the same reason as _CellWriter. With `cards`
    each cell carries its column's name (data-label), which it shows when the table stacks
    into cards on a phone; only the print view asks, the dashboard's tables scroll in place."""
    columns = [column for column in table.columns if column.kind != "hidden"]
    labels = [f' data-label="{escape(column.label)}"' if cards else "" for column in columns]
    # A column has tooltips when its rows carry `<key>_title` (looked up once, not per cell).
    first = table.rows[0] if table.rows else {}
    titles = [f"{c.key}_title" if f"{c.key}_title" in first else None for c in columns]
    writer = _CellWriter()
    return mark_safe(
        "".join(
            "<tr>"
            + "".join(
                writer.cell(row, column, label, title)
                for column, label, title in zip(columns, labels, titles, strict=True)
            )
            + "</tr>"
            for row in table.rows
        )
    )


@register.simple_tag(takes_context=True)
def stacks_on_phone(context, columns) -> bool:
    """Whether a table of these columns stacks into cards on a phone: in the print view
    (`printed`; the page is read through, not scrolled in place), when they would not fit."""
    return bool(context.get("printed")) and len(columns) > STACKED_FROM_COLUMNS


@register.filter
def visible_columns(table) -> list:
    return [column for column in table.columns if column.kind != "hidden"]


@register.inclusion_tag("reports/includes/_summary.html", takes_context=True)
def report_summary(context):
    """Headline figures of the user's scope, with a way into the dashboard (home pages)."""
    return {"summary": build_summary(context["user"])}


@register.simple_tag
def report_select(bound_field) -> str:
    """A choice field's <select>, built in Python: a whole academy offers a hundred cells and
    Django's widget templates render each option through the template engine."""
    current = str(bound_field.value() or "")

    def option(value, label) -> str:
        selected = " selected" if str(value) == current else ""
        return f'<option value="{escape(value)}"{selected}>{escape(label)}</option>'

    options = []
    for value, label in bound_field.field.choices:
        if isinstance(label, list | tuple):
            inner = "".join(option(*choice) for choice in label)
            options.append(f'<optgroup label="{escape(value)}">{inner}</optgroup>')
        else:
            options.append(option(value, label))
    attrs = bound_field.field.widget.attrs
    return mark_safe(
        f'<select name="{bound_field.html_name}" id="{bound_field.id_for_label}" '
        f'class="{escape(attrs.get("class", ""))}">{"".join(options)}</select>'
    )
