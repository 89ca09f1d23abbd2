"""The layout-drift alarm on real crawls of the demo portal: after a theme change its profile does not know,
and, as the negative control, in the theme it knows."""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import read_jsonl, run_crawl

# ---- the demo portal after a redesign ------------------------------------------------------------------
# one stat per line of Scrapy's closing dump: ``'warta/drift/jagatbisnis/rate': 1.0,``
# A stat of Scrapy's final dump; a list value may be wrapped over several lines by pprint.
_DRIFT_STAT = re.compile(r"'(warta/drift/[^']+)': (\[[^\]]*\]|[^,\n}]+)")


@pytest.fixture(scope="module")
def drift_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A full crawl of the demo portal in its "drift" theme, with the extension on."""
    from demoportal.server import DemoServer
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    data_dir = tmp_path_factory.mktemp("drift")
    out = data_dir / "drift.jsonl"
    with DemoServer(theme="drift") as server:
        result = run_crawl(
            "jagatbisnis",
            "-a",
            f"base_url={server.base_url}",
            "-O",
            str(out),
            "-s",
            'EXTENSIONS={"crawler.monitoring.extension.RunMonitor": 500}',
            "-s",
            "WARTA_MONITORS_ENABLED=False",
            "-s",
            "WARTA_DRIFT_INTERVAL=0",
            data_dir=data_dir,
        )
        truth = {t["canonicalUrl"]: t for t in expected_items(build_site(), server.base_url)}
    assert result.returncode == 0, result.stderr[-4000:]
    stats = {m.group(1): ast.literal_eval(m.group(2)) for m in _DRIFT_STAT.finditer(result.stderr)}
    return {"items": read_jsonl(out), "log": result.stderr, "stats": stats, "truth": truth}


def test_drift_theme_every_body_right_through_the_fallback(drift_crawl: dict) -> None:
    items, truth = drift_crawl["items"], drift_crawl["truth"]
    assert {it["canonicalUrl"] for it in items} == set(truth)
    wrong = [
        it["canonicalUrl"] for it in items if it["articleBody"] != truth[it["canonicalUrl"]]["articleBody"]
    ]
    assert not wrong, f"{len(wrong)} bodies differ, e.g. {wrong[:3]}"
    assert {it["extractedBy"] for it in items} == {"generic"}


def test_drift_theme_raises_the_warning_with_rate_and_fields(drift_crawl: dict) -> None:
    warnings = [
        line for line in drift_crawl["log"].splitlines() if "Layout drift on portal jagatbisnis" in line
    ]
    assert len(warnings) == 1
    assert "WARNING" in warnings[0] and "100%" in warnings[0] and "body" in warnings[0]
    stats = drift_crawl["stats"]
    assert stats["warta/drift/jagatbisnis/rate"] == 1.0
    assert "body" in stats["warta/drift/jagatbisnis/fields"]
    assert stats["warta/drift/jagatbisnis/generic"] == len(drift_crawl["items"])


def test_own_theme_with_periodic_checks_raises_no_alarm(demo_portal, tmp_path) -> None:
    """Negative control: the theme the profile knows, checks every second during the crawl too."""
    out = tmp_path / "own.jsonl"
    result = run_crawl(
        "jagatbisnis",
        "-a",
        f"base_url={demo_portal.base_url}",
        "-O",
        str(out),
        "-s",
        'EXTENSIONS={"crawler.monitoring.extension.RunMonitor": 500}',
        "-s",
        "WARTA_MONITORS_ENABLED=False",
        "-s",
        "WARTA_DRIFT_INTERVAL=1",
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    items = read_jsonl(out)
    assert len(items) >= 300
    assert "Layout drift" not in result.stderr
    stats = {m.group(1): ast.literal_eval(m.group(2)) for m in _DRIFT_STAT.finditer(result.stderr)}
    generic = sum(it["extractedBy"] == "generic" for it in items)
    assert stats["warta/drift/jagatbisnis/items"] == len(items)
    assert stats["warta/drift/jagatbisnis/rate"] == round(generic / len(items), 4)
    assert stats["warta/drift/jagatbisnis/rate"] <= 0.2
