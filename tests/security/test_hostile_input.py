"""No input breaks a page: hostile values in every query parameter and every form field of every
URL from the resolver; any 5xx fails.

The URLs and their objects are the access matrix's (tests/security/matrix.py), the values
tests/security/hostile.py's: a new page, parameter or field is tried as it lands. Each persona's
plain GET of each URL is the access matrix's; here the values are tried by the personas who
reach the most code (sampled, to keep the suite fast):

- GET: as the first two personas of TRIERS the page serves, each hostile value in every query
  parameter the view reads (one request per value);
- POST: as the first persona of TRIERS shown the page's forms, first each field holds each value
  (rotated: a value per field, one request per value), then each value a field accepted goes in
  with the other fields as the page filled them, so that it reaches the service and the
  database. Every POST is rolled back, so each starts from the records the form was shown with.
"""

import sys
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import NoReverseMatch, resolve, reverse

from tests.security.hostile import (
    HOSTILE_VALUES,
    PROBE,
    post_forms,
    recording_query_params,
    recording_rejected_fields,
)
from tests.security.matrix import Objects, url_patterns

URL_NAMES = sorted(name for name, _ in url_patterns())
# The widest scopes first: the battalion's clerk writes its records, the administrator the
# accounts and units, the cell's secretary the roll-out; the sign-in page is for everyone.
TRIERS = ["clerk", "admin", "secretary_a", "commander", "anonymous"]
GET_TRIERS = 2
LOGIN = resolve_url(settings.LOGIN_URL)


@pytest.fixture
def personas(admin_user, clerk, secretary_a, commander):
    return {
        "anonymous": None,
        "admin": admin_user,
        "clerk": clerk,
        "secretary_a": secretary_a,
        "commander": commander,
    }


class Prober:
    """Requests as one persona; every 5xx is noted with the exception behind it."""

    def __init__(self, user, persona: str, failures: list):
        self.client = Client(raise_request_exception=False)
        if user:
            self.client.force_login(user)
        self.persona = persona
        self.failures = failures
        self.exceptions = []

    def _request(self, method: str, url: str, data, what: str):
        self.exceptions.clear()
        got_request_exception.connect(self._note_exception)
        try:
            response = getattr(self.client, method)(url, data)
        finally:
            got_request_exception.disconnect(self._note_exception)
        if response.status_code >= 500:
            cause = repr(self.exceptions[-1])[:200] if self.exceptions else ""
            self.failures.append(
                f"{method.upper()} {url} as {self.persona}, {what}: {response.status_code} {cause}"
            )
        return response

    def _note_exception(self, sender, request=None, **kwargs):
        self.exceptions.append(sys.exc_info()[1])

    def get(self, url, data=None, what="no parameters"):
        return self._request("get", url, data or {}, what)

    def post(self, url, data, what):
        return self._request("post", url, data, what)


def _url(name: str, objects: Objects) -> str:
    pattern = dict(url_patterns())[name]
    return reverse(name, kwargs=objects.kwargs_for(name, pattern))


def _hostile_get(prober: Prober, url: str) -> bool:
    """Each hostile value in every parameter the view reads; False if the page is refused."""
    with recording_query_params() as read:
        response = prober.get(url, {PROBE: "1"})
    if response.status_code >= 400 or response.get("Location", "").startswith(LOGIN):
        return False
    for label, value in HOSTILE_VALUES.items():
        if read:
            prober.get(url, dict.fromkeys(read, value), f"{sorted(read)} = {label}")
    return True


def _forms_at(prober: Prober, page: str, target: str) -> list[dict]:
    response = prober.get(page)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    forms = post_forms(response.content.decode(), page)
    return [data for action, data in forms if action == target and data]


@contextmanager
def _rolled_back():
    # Each request starts from the same records: a save is undone, so the form's version and
    # the person's next step stay those the page was shown with.
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _hostile_post(prober: Prober, url: str) -> bool:
    """Hostile values in each field of the page's forms; False if the persona sees none."""
    # A form posting elsewhere (the language switch) is found on the home page's layout.
    forms = _forms_at(prober, url, url) or _forms_at(prober, reverse("home"), url)
    values = list(HOSTILE_VALUES.items())
    for fields in forms:
        names = list(fields)
        accepted = []
        for shift in range(len(values)):
            given = {name: values[(i + shift) % len(values)] for i, name in enumerate(names)}
            with _rolled_back(), recording_rejected_fields() as rejected:
                what = ", ".join(f"{name} = {label}" for name, (label, _) in given.items())
                prober.post(url, {name: value for name, (_, value) in given.items()}, what)
            accepted += [(name, given[name]) for name in names if name not in rejected]
        for name, (label, value) in accepted:
            with _rolled_back():
                prober.post(url, {**fields, name: value}, f"{name} = {label}")
    return bool(forms)


@pytest.mark.parametrize("name", URL_NAMES)
def test_no_hostile_value_breaks_a_page(name, personas, cell_a, cell_b, cell_c, clerk):
    url = _url(name, Objects(cell_a, clerk))
    failures: list[str] = []
    got, posted = 0, False
    for persona in TRIERS:
        prober = Prober(personas[persona], persona, failures)
        if got < GET_TRIERS and _hostile_get(prober, url):
            got += 1
        if not posted:
            posted = _hostile_post(prober, url)
    assert not failures, "\n".join(failures[:20])


class _NoObjects(Objects):
    """Ids that name nothing: the ids are past the integer range anyway."""

    def _pk_for(self, name: str) -> int:
        return 0


@pytest.mark.parametrize("name", [n for n, p in url_patterns() if p.pattern.converters])
def test_no_out_of_range_address_breaks_a_page(name, clerk, cell_a):
    pattern = dict(url_patterns())[name]
    kwargs = _NoObjects(cell_a, clerk).kwargs_for(name, pattern)
    for key, converter in pattern.pattern.converters.items():
        if converter.regex == "[0-9]+":
            kwargs[key] = 10**20
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        pytest.fail(f"{name}: cannot build an address")
    assert resolve(url).url_name
    failures: list[str] = []
    prober = Prober(clerk, "clerk", failures)
    prober.get(url)
    prober.post(url, {}, "no data")
    assert not failures, "\n".join(failures)
