"""``WARTA_VALIDATE_SCHEMA``: each item checked against the JSON Schema of an exported line; an invalid one
dropped with its first reason on one line and counted, never a crash; off (and jsonschema never needed)
by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from crawler.errors import CannotStart
from crawler.extract import extract_article
from pipelines import schema
from pipelines.schema import SchemaValidationPipeline

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
URL = "https://www.suarapriangan.id/2025/06/18/banjir-rendam-ratusan-rumah-di-dayeuhkolot/"


def exported_item(**changes):
    """The images page's item as it reaches the pipeline after dedup (crawledAt, version set)."""
    item = extract_article((FIXTURES / "images_article.html").read_bytes(), URL)
    ItemAdapter(item).update({"crawledAt": "2026-11-28T11:47:05Z", "version": 1, **changes})
    return item


def pipeline(**settings) -> tuple[SchemaValidationPipeline, object]:
    crawler = get_crawler(settings_dict={"WARTA_VALIDATE_SCHEMA": True, **settings})
    return SchemaValidationPipeline.from_crawler(crawler), crawler.stats


def test_off_by_default() -> None:
    from crawler import settings as project

    assert project.WARTA_VALIDATE_SCHEMA is False
    assert project.ITEM_PIPELINES["pipelines.schema.SchemaValidationPipeline"] > max(
        order for name, order in project.ITEM_PIPELINES.items() if name.endswith("DedupPipeline")
    )  # after dedup, which sets ``version``: the line as the feed writes it
    with pytest.raises(NotConfigured):
        SchemaValidationPipeline.from_crawler(get_crawler(settings_dict={}))


def test_a_valid_item_goes_on_untouched() -> None:
    validate, stats = pipeline()
    item = exported_item()
    assert validate.process_item(item) is item
    assert stats.get_value("warta/dropped/schema_invalid") is None
    assert stats.get_value("warta/schema/validated") == 1


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"wordCount": -3}, "wordCount: -3 is less than the minimum of 0"),
        ({"version": None}, "version: None is not of type 'integer'"),
        ({"datePublished": "2025-02-30"}, "datePublished: '2025-02-30' is not valid under any of the given"),
        ({"images": [{"url": "cdn/a.jpg", "caption": None}]}, "images/0/url: 'cdn/a.jpg' does not match"),
        ({"tags": {"banjir"}}, "not JSON: Object of type set is not JSON serializable"),
    ],
)
def test_an_invalid_item_is_dropped_logged_and_counted(changes: dict, reason: str) -> None:
    validate, stats = pipeline()
    with pytest.raises(DropItem) as raised:
        validate.process_item(exported_item(**changes))
    message = str(raised.value)
    assert message.startswith(f"schema_invalid: {URL}: {reason}")
    assert "\n" not in message and len(message) < 300  # one line, however long the value
    assert stats.get_value("warta/dropped/schema_invalid") == 1
    assert stats.get_value("warta/dropped") == 1
    assert stats.get_value("warta/schema/first_invalid").startswith(f"{URL}: {reason}")  # the verdict's


def test_without_jsonschema_the_crawl_refuses_to_start_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise ImportError("No module named 'jsonschema'")

    monkeypatch.setattr(schema, "line_validator", missing)
    with pytest.raises(CannotStart, match=r"pip install 'warta\[validate\]'"):
        pipeline()


def test_an_article_the_schema_refused_is_fetched_again_by_the_next_run(tmp_path: Path) -> None:
    """The refusal is a bug of the extractor, not of the article: remembered as fetched, the article was
    skipped by every run after the fix, lost for good after one failed run. A routine drop (the same body
    again) is still remembered."""
    from pipelines.dedup import DedupPipeline
    from spiders.portals import JagatbisnisSpider

    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path), "WARTA_VALIDATE_SCHEMA": True})
    crawler.spider = crawler._create_spider()
    dedup, validate = DedupPipeline.from_crawler(crawler), SchemaValidationPipeline.from_crawler(crawler)
    dedup.open_spider()
    try:
        item = dedup.process_item(exported_item(version=None, wordCount=-3))  # a bug in the extractor
        with pytest.raises(DropItem) as refused:
            validate.process_item(item)
        dedup.item_dropped(item, response=None, exception=refused.value)
        assert dedup.store.fetched_signal(URL) == (False, None)
        assert dedup.store.get(URL) is None

        dedup.item_delivered(dedup.process_item(exported_item(version=None)), response=None)  # the fix
        copy_url = URL.replace("banjir-rendam", "lagi-banjir-rendam")
        copy = exported_item(version=None, url=copy_url, canonicalUrl=copy_url)
        with pytest.raises(DropItem) as duplicate:
            dedup.process_item(copy)
        dedup.item_dropped(copy, response=None, exception=duplicate.value)
        assert dedup.store.fetched_signal(copy_url)[0] is True
    finally:
        dedup.close_spider()
        dedup.state.close()
