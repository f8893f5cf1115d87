"""`make run` and `make test` install from requirements/lock.txt, so a dependency added to
pyproject.toml without `make lock` would be missing on a fresh machine."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_names() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + [
        requirement
        for extra in project.get("optional-dependencies", {}).values()
        for requirement in extra
    ]
    return {
        canonical(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0])
        for requirement in requirements
    }


def locked_names() -> set[str]:
    lines = (ROOT / "requirements" / "lock.txt").read_text().splitlines()
    return {canonical(line.split("==")[0]) for line in lines if re.match(r"^[A-Za-z0-9]", line)}


def test_every_declared_dependency_is_in_the_lock():
    missing = declared_names() - locked_names()
    assert not missing, f"run `make lock`: {sorted(missing)} not in requirements/lock.txt"


def test_every_locked_file_has_a_hash():
    text = (ROOT / "requirements" / "lock.txt").read_text()
    pinned = len(re.findall(r"^[A-Za-z0-9][^\s]*==", text, flags=re.MULTILINE))
    assert pinned >= 30
    assert pinned == len(re.findall(r"==[^\s]+ \\\n\s+--hash=sha256:", text))
