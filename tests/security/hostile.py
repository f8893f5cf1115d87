"""Hostile input: the one list of values every query parameter and form field is tried with,
and how the test finds the parameters and fields a page reads.

Nothing here names a page: query parameters are those the view actually reads (recorded while
it answers), form fields those of the forms it renders, so a new page is covered as it lands.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import lxml.html
from django.core.handlers import wsgi
from django.forms import BaseForm
from django.http import QueryDict

HOSTILE_VALUES = {
    "empty": "",
    "huge": str(10**20),
    "huge negative": str(-(10**20)),
    "superscript": "²",
    "zero year": "0000",
    "negative": "-1",
    "nul": "\x00",
    "rtl mark": "\u202e",
    "100,000 characters": "x" * 100_000,
    "formula": "=1+1",
    "script": "<script>alert(1)</script>",
    "month of year 0": "01/0000",
    "month of year 1": "1/0001",
    "31 February": "31/02/2025",
    "first day of year 1": "01/01/0001",
    "last day of year 9999": "31/12/9999",
}

# Used only to make a view read its parameters: an empty query string leaves some forms unbound.
PROBE = "_tham_do"


class _RecordingQueryDict(QueryDict):
    """request.GET that remembers every key the view asks for (copies share the record)."""

    read: set[str] = set()

    def _note(self, key):
        _RecordingQueryDict.read.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)


@contextmanager
def recording_query_params() -> Iterator[set[str]]:
    """The names of the query parameters read by the requests made inside the block."""
    read: set[str] = set()
    _RecordingQueryDict.read = read
    with mock.patch.object(wsgi, "QueryDict", _RecordingQueryDict):
        yield read
    read.discard(PROBE)


def post_forms(html: str, url: str) -> list[tuple[str, dict[str, list[str]]]]:
    """(target path, the values a browser would send) of every POST form on a page."""
    if not html.strip():
        return []
    document = lxml.html.document_fromstring(html)
    forms = []
    for form in document.forms:
        if (form.method or "GET").upper() != "POST":
            continue
        action = form.get("action") or url
        data: dict[str, list[str]] = {}
        for element in form.inputs:
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            data.setdefault(name, [])
            value = _browser_value(element)
            if value is not None:
                data[name].extend(value if isinstance(value, list) else [value])
        forms.append((action.split("?")[0], data))
    return forms


def _browser_value(element):
    if element.tag == "select":
        value = element.value
        if element.multiple:
            return list(value)
        if value is None and element.value_options:
            return element.value_options[0]
        return value
    if element.tag == "textarea":
        return element.text or ""
    kind = (element.get("type") or "text").lower()
    if kind in ("checkbox", "radio"):
        return element.get("value", "on") if element.checked else None
    if kind in ("submit", "button", "file", "image", "reset"):
        return None
    return element.get("value", "")


@contextmanager
def recording_rejected_fields() -> Iterator[set[str]]:
    """The names (as posted) of the fields that the forms cleaned inside the block refused."""
    rejected: set[str] = set()
    full_clean = BaseForm.full_clean

    def recording_full_clean(form):
        full_clean(form)
        if form.is_bound:
            rejected.update(form.add_prefix(name) for name in form.errors if name in form.fields)

    with mock.patch.object(BaseForm, "full_clean", recording_full_clean):
        yield rejected
