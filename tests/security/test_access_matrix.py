"""Access matrix: every URL of the project × every persona × GET and POST.

URLs are discovered from the resolver, so a new page without a row in EXPECTED fails the test
(nobody can forget to decide who may use it). Every URL's object belongs to cell A of battalion
TD1 (tests/security/matrix.py). Persona columns, in order:

    anonymous  no_role  admin  clerk(TD1)  clerk_2(TD2)  secretary_a  secretary_b  commander(TD1)

Outcomes: ok = served (2xx, or a redirect that is not to the login page; a POST with no data
answers with the form and its errors, changing nothing), L = redirected to the login page,
403 = refused (role may not do this), 404 = outside the user's scope (its existence not even
confirmed), 405 = method not allowed (read-only pages accept no POST; actions accept only POST).
Remarks:
- secretary_b belongs to the same battalion, so sees its resolutions (their own cell's row only)
  but nothing of cell A's people or roll-out;
- the no-role user sees nothing: 403 on pages, 404 on objects;
- resolutions:scan is 404 for everyone because the resolution has no signed scan; the scan's
  own scope tests are in tests/resolutions;
- spreadsheets:import_* name an upload token the user does not own, hence 404 for clerks.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.matrix import PERSONAS, POST_ORDER, Objects, url_patterns

EXPECTED = {
    "accounts:user_create": ("L 403 ok 403 403 403 403 403", "L 403 ok 403 403 403 403 403"),
    "accounts:user_edit": ("L 403 ok 403 403 403 403 403", "L 403 ok 403 403 403 403 403"),
    "accounts:user_list": ("L 403 ok 403 403 403 403 403", "L 405 405 405 405 405 405 405"),
    "accounts:user_set_password": ("L 403 ok 403 403 403 403 403", "L 403 ok 403 403 403 403 403"),
    "accounts:user_unlock": ("L 405 405 405 405 405 405 405", "L 403 ok 403 403 403 403 403"),
    "admissions_csv": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "dossier:file": ("L 404 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "dossier:file_zip": ("L 404 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "dossier:form": ("L 404 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "dossier:form_docx": ("L 404 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "dossier:scan": ("L 404 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "dossier:scan_delete": ("L 405 405 405 405 405 405 405", "L 404 403 ok 404 403 404 403"),
    "dossier:scan_upload": ("L 405 405 405 405 405 405 405", "L 404 403 ok 404 403 404 403"),
    "handoff:cohort": ("L 403 ok ok 404 ok 404 ok", "L 403 403 ok 404 403 404 403"),
    "handoff:cohort_zip": ("L 403 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "handoff:index": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "healthz": ("ok ok ok ok ok ok ok ok", "405 405 405 405 405 405 405 405"),
    "home": ("L ok ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "login": ("ok ok ok ok ok ok ok ok", "ok ok ok ok ok ok ok ok"),
    "logout": ("L 405 405 405 405 405 405 405", "L L L L L L L L"),
    "members:assignment_create": ("L 404 403 ok 404 ok 404 403", "L 404 403 ok 404 ok 404 403"),
    "members:board": ("L 404 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "members:board_export": ("L 403 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "members:cell_ratings": ("L 404 403 ok 404 ok 404 403", "L 404 403 ok 404 ok 404 403"),
    "members:evaluation_create": ("L 404 403 ok 404 ok 404 403", "L 404 403 ok 404 ok 404 403"),
    "members:planning_pace": ("L 404 403 ok 404 403 403 403", "L 404 403 ok 404 403 403 403"),
    "members:person_create": ("L 403 403 ok ok 403 403 403", "L 403 403 ok ok 403 403 403"),
    "members:person_detail": ("L 404 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "members:person_edit": ("L 404 403 ok 404 403 404 403", "L 404 403 ok 404 403 404 403"),
    "members:person_history": ("L 404 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "members:person_list": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "members:person_list_export": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "members:person_move": ("L 404 403 ok 404 403 404 403", "L 404 403 ok 404 403 404 403"),
    "members:temporary_create": ("L 403 403 ok ok 403 403 403", "L 403 403 ok ok 403 403 403"),
    "members:temporary_end": ("L 404 403 ok 404 403 404 403", "L 404 403 ok 404 403 404 403"),
    "members:temporary_extend": ("L 404 403 ok 404 403 404 403", "L 404 403 ok 404 403 404 403"),
    "members:temporary_list": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "members:transfer_create": ("L 404 403 ok 404 403 404 403", "L 404 403 ok 404 403 404 403"),
    "members:transfer_in": ("L 403 403 ok ok 403 403 403", "L 403 403 ok ok 403 403 403"),
    "members:transfer_list": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "members:transfer_receive": ("L 404 403 ok 404 403 404 403", "L 404 403 ok 404 403 404 403"),
    "members:step_create": ("L 404 403 ok 404 ok 404 403", "L 404 403 ok 404 ok 404 403"),
    "members:step_delete_last": ("L 404 403 ok 404 403 404 403", "L 404 403 ok 404 403 404 403"),
    "members:step_edit": ("L 404 403 ok 404 403 404 403", "L 404 403 ok 404 403 404 403"),
    "members:step_extend": ("L 405 405 405 405 405 405 405", "L 404 403 ok 404 403 404 403"),
    "paperwork:admission_resolution": (
        "L 403 ok ok 404 ok 404 ok",
        "L 405 405 405 405 405 405 405",
    ),
    "paperwork:admission_resolution_docx": (
        "L 403 ok ok 404 ok 404 ok",
        "L 405 405 405 405 405 405 405",
    ),
    "paperwork:candidate_list": ("L 403 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "paperwork:candidate_list_docx": ("L 403 ok ok 404 ok 404 ok", "L 405 405 405 405 405 405 405"),
    "paperwork:conversion_list": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "paperwork:conversion_list_docx": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "paperwork:conversion_resolution": (
        "L 403 ok ok 404 ok 404 ok",
        "L 405 405 405 405 405 405 405",
    ),
    "paperwork:conversion_resolution_docx": (
        "L 403 ok ok 404 ok 404 ok",
        "L 405 405 405 405 405 405 405",
    ),
    "paperwork:index": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "paperwork:resolution_scorecard": ("L 403 ok ok 404 ok ok ok", "L 405 405 405 405 405 405 405"),
    "paperwork:resolution_scorecard_docx": (
        "L 403 ok ok 404 ok ok ok",
        "L 405 405 405 405 405 405 405",
    ),
    "paperwork:transfer_letter_docx": (
        "L 403 ok ok 404 ok 404 ok",
        "L 405 405 405 405 405 405 405",
    ),
    "paperwork:worklist": ("L 403 403 ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "paperwork:worklist_export": ("L 403 403 ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "password_change": ("L ok ok ok ok ok ok ok", "L ok ok ok ok ok ok ok"),
    "password_change_done": ("L ok ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "reports:dashboard": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "reports:durations": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "reports:forecast": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "reports:export": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "reports:print": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "reports:yearly": ("L 403 403 ok ok 403 403 ok", "L 405 405 405 405 405 405 405"),
    "reports:yearly_docx": ("L 403 403 ok ok 403 403 ok", "L 405 405 405 405 405 405 405"),
    "reports:yearly_xlsx": ("L 403 403 ok ok 403 403 ok", "L 405 405 405 405 405 405 405"),
    "resolutions:create": ("L 403 403 ok ok 403 403 403", "L 403 403 ok ok 403 403 403"),
    "resolutions:detail": ("L 403 ok ok 404 ok ok ok", "L 405 405 405 405 405 405 405"),
    "resolutions:edit": ("L 403 403 ok 404 403 403 403", "L 403 403 ok 404 403 403 403"),
    "resolutions:history": ("L 403 ok ok 404 ok ok ok", "L 405 405 405 405 405 405 405"),
    "resolutions:list": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "resolutions:report": ("L 403 403 ok 404 ok 404 403", "L 403 403 ok 404 ok 404 403"),
    "resolutions:rollout": ("L 403 403 ok 404 ok 404 403", "L 403 403 ok 404 ok 404 403"),
    "resolutions:scan": ("L 403 404 404 404 404 404 404", "L 405 405 405 405 405 405 405"),
    "set_language": ("ok ok ok ok ok ok ok ok", "ok ok ok ok ok ok ok ok"),
    "spreadsheets:export": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "spreadsheets:export_csv": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "spreadsheets:export_xlsx": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "spreadsheets:import_preview": (
        "L 403 403 404 404 403 403 403",
        "L 403 403 404 404 403 403 403",
    ),
    "spreadsheets:import_result": (
        "L 403 403 404 404 403 403 403",
        "L 405 405 405 405 405 405 405",
    ),
    "spreadsheets:import_start": ("L 403 403 ok ok 403 403 403", "L 403 403 ok ok 403 403 403"),
    "spreadsheets:template": ("L 403 ok ok ok ok ok ok", "L 405 405 405 405 405 405 405"),
    "units:battalion_create": ("L 403 ok 403 403 403 403 403", "L 403 ok 403 403 403 403 403"),
    "units:battalion_edit": ("L 403 ok 403 403 403 403 403", "L 403 ok 403 403 403 403 403"),
    "units:cell_create": ("L 403 ok ok ok 403 403 403", "L 403 ok ok ok 403 403 403"),
    "units:cell_edit": ("L 403 ok ok 404 403 403 403", "L 403 ok ok 404 403 403 403"),
    "units:cell_list": ("L 403 ok ok ok 403 403 403", "L 405 405 405 405 405 405 405"),
}

URL_NAMES = sorted(name for name, _ in url_patterns())

# Django's admin (tests/security/test_admin.py): staff with the administrator role read every
# table there and change nothing; everyone else is sent to the admin's sign-in page. A record
# model and an account model, each with its list, add, change, delete and history pages.
_READS = ("L L ok L L L L L", "L L ok L L L L L")
_READS_REFUSES_POST = ("L L ok L L L L L", "L L 403 L L L L L")
_REFUSES = ("L L 403 L L L L L", "L L 403 L L L L L")
ADMIN_EXPECTED = {
    f"admin:{model}_{page}": outcome
    for model in ("members_person", "accounts_user")
    for page, outcome in {
        "changelist": _READS,
        "add": _REFUSES,
        "change": _READS_REFUSES_POST,
        "delete": _REFUSES,
        "history": _READS,
        "simple_history": _READS_REFUSES_POST,
    }.items()
}
# Django names the password page after its own auth app, whatever the user model.
ADMIN_EXPECTED["admin:auth_user_password_change"] = _REFUSES
ADMIN_EXPECTED["admin:units_partycell_change"] = _READS_REFUSES_POST


def _outcome(response) -> str:
    location = response.get("Location", "")
    if response.status_code in (301, 302) and "/login/" in location:
        return "L"
    if response.status_code in (200, 204, 301, 302):
        return "ok"
    return str(response.status_code)


@pytest.fixture
def personas(admin_user, clerk, other_clerk, secretary_a, secretary_b, commander, outsider):
    return {
        "anonymous": None,
        "no_role": outsider,
        "admin": admin_user,
        "clerk": clerk,
        "clerk_2": other_clerk,
        "secretary_a": secretary_a,
        "secretary_b": secretary_b,
        "commander": commander,
    }


def test_every_url_has_a_row_and_every_row_a_url():
    assert sorted(EXPECTED) == URL_NAMES


@pytest.mark.parametrize("name", URL_NAMES)
def test_access(name, personas, cell_a, cell_b, cell_c, clerk):
    assert name in EXPECTED, f"{name}: add its row to EXPECTED (who may use it?)"
    objects = Objects(cell_a, clerk)
    pattern = dict(url_patterns())[name]
    url = reverse(name, kwargs=objects.kwargs_for(name, pattern))
    assert _outcomes(url, personas) == EXPECTED[name], url


@pytest.mark.parametrize("name", sorted(ADMIN_EXPECTED))
def test_admin_access(name, personas, cell_a, cell_b, cell_c, clerk):
    objects = Objects(cell_a, clerk)
    records = {"members": objects.person, "accounts": objects.user, "auth": objects.user}
    record = (records | {"units": objects.cell})[name.removeprefix("admin:").split("_")[0]]
    args = [record.pk]
    if name.endswith(("_changelist", "_add")):
        args = []
    elif name.endswith("_simple_history"):
        args.append(record.history.earliest("history_id").history_id)
    url = reverse(name, args=args)
    assert _outcomes(url, personas) == ADMIN_EXPECTED[name], url


def _outcomes(url: str, personas) -> tuple[str, str]:
    actual = {}
    for method, order in (("GET", PERSONAS), ("POST", POST_ORDER)):
        outcomes = {}
        for persona in order:
            client = Client()
            if personas[persona]:
                client.force_login(personas[persona])
            outcomes[persona] = _outcome(getattr(client, method.lower())(url))
        actual[method] = " ".join(outcomes[persona] for persona in PERSONAS)
    return actual["GET"], actual["POST"]
