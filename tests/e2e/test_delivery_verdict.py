"""A real crawl with the end-of-run monitors off still fails when an article it had in hand was lost on the
way to the export: the monitors judge a run's health, delivery is not theirs to switch off."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawler import settings as project_settings
from tests.conftest import read_jsonl, run_crawl

BROKEN_URL_PART = "/2022/03/15/"  # the demo portal's articles of that day


class BrokenOnOneDay:
    """A user's pipeline with a bug: it raises on the articles of one day (not ``DropItem``)."""

    def process_item(self, item: Any) -> Any:
        if BROKEN_URL_PART in item.url:
            raise KeyError("byline")
        return item


def test_items_a_pipeline_raised_on_fail_the_run_with_the_monitors_off(demo_portal, tmp_path: Path):
    pipelines = {**project_settings.ITEM_PIPELINES, f"{__name__}.BrokenOnOneDay": 150}
    out = tmp_path / "out.jsonl"
    result = run_crawl(
        "jagatbisnis",
        *("-a", f"base_url={demo_portal.base_url}", "-O", str(out)),
        *("-s", "WARTA_MONITORS_ENABLED=False", "-s", f"ITEM_PIPELINES={json.dumps(pipelines)}"),
        data_dir=tmp_path,
    )
    exported = read_jsonl(out)
    assert exported and not any(BROKEN_URL_PART in item["url"] for item in exported)
    assert result.returncode == 3, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert "items a pipeline raised on, never exported" in last, last
