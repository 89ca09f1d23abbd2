"""The validation pipeline lets a photo gallery through with a caption-sized body (issue 13)."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem
from pipelines.validate import ValidationPipeline


def _item(kind: str, body: str) -> ArticleItem:
    return ArticleItem(
        url="https://photo.example.id/musik/a-2437247",
        canonicalUrl="https://photo.example.id/musik/a-2437247",
        portal="example",
        publisher=None,
        headline="Hadiri Malam Penghargaan",
        description=None,
        articleBody=body,
        wordCount=len(body.split()),
        authors=[],
        authorsOrg=[],
        editors=[],
        datePublishedPrecision=None,
        reporterCodes=[],
        datePublished=None,
        datePublishedRaw=None,
        datePublishedSource=None,
        dateModified=None,
        dateModifiedRaw=None,
        section=None,
        tags=[],
        mainImage=None,
        images=[],
        inLanguage="id",
        kind=kind,
        isAccessibleForFree=None,
        dateline=None,
        mentionedDates=[],
        source=None,
        extractedBy="generic",
        fingerprint="0" * 40,
        pageType="article",
    )


def test_a_gallery_with_short_captions_is_kept_and_a_short_article_dropped() -> None:
    crawler = get_crawler(settings_dict={"WARTA_MIN_BODY_CHARS": 200})
    pipeline = ValidationPipeline.from_crawler(crawler)
    gallery = _item("gallery", "Penyanyi A memeluk penyanyi B di karpet merah.")
    assert pipeline.process_item(gallery) is gallery
    with pytest.raises(DropItem):
        pipeline.process_item(_item("article", "Penyanyi A memeluk penyanyi B di karpet merah."))
    with pytest.raises(DropItem):
        pipeline.process_item(_item("gallery", "  "))
