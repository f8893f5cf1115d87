"""Every import runs from a higher app to a lower one, so a base app never depends on the apps
built on it (a rule changed in `members` cannot need a change in `reports`)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. Apps on one line are siblings: they may not import each other either.
LAYERS = [
    {"core"},
    {"accounts"},
    {"units"},
    {"members"},
    {"resolutions"},
    # Official documents (layout, dates, .docx rendering) are a base the reports build on.
    {"paperwork"},
    {"reports", "spreadsheets"},
    {"handoff"},
    {"demodata"},
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names & LEVEL.keys()


def app_modules():
    for app in LEVEL:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


@pytest.mark.parametrize("app", sorted(LEVEL))
def test_an_app_imports_only_the_apps_below_it(app):
    upward = {
        f"{path.relative_to(ROOT)} imports {other}"
        for owner, path in app_modules()
        if owner == app
        for other in imported_apps(path)
        if other != app and LEVEL[other] >= LEVEL[app]
    }
    assert not upward, sorted(upward)


def test_every_app_has_a_layer():
    apps_on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps_on_disk == LEVEL.keys()
