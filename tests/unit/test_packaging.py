"""What ``pip install .`` declares matches what the checkout's venv installs: every pin of requirements.txt
(and scrapyd's of requirements-dev.txt) sits inside the range pyproject.toml declares for it, in the core
dependencies or in the extra it belongs to, and nothing is declared that the tests never ran."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Which extra each optional runtime package belongs to; every other pin of requirements.txt is core.
EXTRA_OF = {
    "redis": "redis",
    "scrapy-redis": "redis",
    "psycopg": "postgres",
    "jsonschema": "validate",
    "scrapyd": "scrapyd",
    "scrapyd-client": "scrapyd",
    "setuptools": "scrapyd",
}


def _pins(name: str) -> dict[str, Requirement]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            pins[canonicalize_name(requirement.name)] = requirement
    return pins


def _declared(requirements: list[str]) -> dict[str, Requirement]:
    return {canonicalize_name(r.name): r for r in map(Requirement, requirements)}


RUNTIME = _pins("requirements.txt")
DEV = _pins("requirements-dev.txt")
CORE = _declared(PROJECT["dependencies"])
EXTRAS = {extra: _declared(reqs) for extra, reqs in PROJECT["optional-dependencies"].items()}


def _version(pin: Requirement) -> str:
    (spec,) = pin.specifier
    assert spec.operator == "==", f"{pin} is not pinned"
    return spec.version


def test_every_runtime_pin_is_declared_where_it_belongs_and_within_its_range():
    for name, pin in RUNTIME.items():
        declared = EXTRAS[EXTRA_OF[name]] if name in EXTRA_OF else CORE
        assert name in declared, f"{name} is pinned in requirements.txt but not declared in pyproject.toml"
        assert declared[name].specifier.contains(_version(pin)), f"{pin} is outside {declared[name]}"
        assert declared[name].extras == pin.extras, name


def test_scrapyd_itself_is_declared_at_the_version_the_deployment_test_runs():
    assert EXTRAS["scrapyd"]["scrapyd"].specifier.contains(_version(DEV["scrapyd"]))


def test_nothing_is_declared_that_the_checkout_does_not_install():
    declared = set(CORE) | {name for reqs in EXTRAS.values() for name in reqs}
    assert declared == set(RUNTIME) | {"scrapyd"}
    assert set(EXTRAS) == {"redis", "postgres", "scrapyd", "validate"}


def test_the_warta_command_and_scrapyds_settings_entry_point_are_declared():
    assert PROJECT["scripts"] == {"warta": "crawler.cli.main:main"}
    assert PROJECT["entry-points"]["scrapy"] == {"settings": "crawler.settings"}
