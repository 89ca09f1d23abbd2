"""The item is defined once: everything that lists its fields is generated from it or checked against it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import get_args, get_type_hints

import jsonschema
import pytest
from itemadapter import ItemAdapter

from crawler import settings
from crawler.extract import Extraction, extract, extract_article
from crawler.items import (
    EXPORT_FIELDS,
    INTERNAL_FIELDS,
    SCHEMA_ID,
    SCHEMA_VERSION,
    ArticleItem,
    article_schema,
)
from crawler.schema import generate
from crawler.schema.validation import line_validator

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
SEED_URL = "https://jagatbisnis.com/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"


def seed_item() -> ArticleItem:
    return extract_article((FIXTURES / "seed_jnews.html").read_bytes(), SEED_URL)


def exported_line(item: ArticleItem) -> dict:
    """What the feed exporter writes for ``item`` once the crawl has stamped it."""
    adapter = ItemAdapter(item)
    adapter.update(crawledAt="2026-11-28T11:47:05Z", version=1, duplicateOf=None)
    return {name: adapter[name] for name in settings.FEED_EXPORT_FIELDS}


def test_generated_files_are_current() -> None:
    """Schema, README and DESIGN tables: ``python -m crawler.schema.generate`` after changing a field."""
    assert generate.stale() == []


def test_feed_export_fields_are_the_exported_fields_in_declaration_order() -> None:
    declared = [f.name for f in dataclasses.fields(ArticleItem)]
    assert settings.FEED_EXPORT_FIELDS == EXPORT_FIELDS == declared[: len(EXPORT_FIELDS)]
    assert (
        declared[len(EXPORT_FIELDS) :]
        == INTERNAL_FIELDS
        == ["pageType", "profileMisses", "dateDisagreements"]
    )
    assert EXPORT_FIELDS[0] == "url" and EXPORT_FIELDS[-1] == "schemaVersion" and len(EXPORT_FIELDS) == 34


def test_every_field_has_a_docstring_and_the_schema_says_it() -> None:
    docs = generate.field_docs(ArticleItem)
    assert set(docs) == set(EXPORT_FIELDS + INTERNAL_FIELDS)
    assert all(len(doc) > 10 for doc in docs.values())
    schema = article_schema()
    assert list(schema["properties"]) == schema["required"] == EXPORT_FIELDS
    for name in EXPORT_FIELDS:
        assert schema["properties"][name]["description"] == docs[name].replace("``", "")
    assert not set(INTERNAL_FIELDS) & set(schema["properties"])


@pytest.mark.parametrize("path", [REPO / "README.md", REPO / "docs" / "DESIGN.md"])
def test_doc_tables_list_exactly_the_exported_fields_in_order(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index("<!-- ITEM_FIELDS ")
    table = text[start : text.index("<!-- /ITEM_FIELDS", start)]
    rows = [line.split("|")[1].strip().strip("`") for line in table.splitlines()[3:]]
    assert rows == EXPORT_FIELDS


def test_an_extracted_and_stamped_item_is_a_valid_line() -> None:
    line = exported_line(seed_item())
    assert list(line) == EXPORT_FIELDS
    jsonschema.Draft202012Validator(article_schema()).validate(json.loads(json.dumps(line)))


def test_the_schema_rejects_what_the_types_forbid() -> None:
    validator = jsonschema.Draft202012Validator(article_schema())
    line = exported_line(seed_item())
    for name, bad in [
        ("crawledAt", None),
        ("version", 0),
        ("extractedBy", "css"),
        ("mainImage", {"url": "x"}),
        ("images", [{"url": "https://x/a.jpg"}]),  # no caption key
        ("images", [{"url": "/a.jpg", "caption": None}]),  # not absolute
        ("wordCount", -1),
        ("wordCount", 1.5),
        ("isAccessibleForFree", "false"),  # a JSON boolean, not its spelling
        ("publisher", ""),
        ("schemaVersion", SCHEMA_VERSION - 1),
        ("schemaVersion", str(SCHEMA_VERSION)),
    ]:
        assert not validator.is_valid({**line, name: bad}), name
    assert not validator.is_valid({**line, "pageType": "article"})  # internal fields never go out


def test_unknown_fields_raise() -> None:
    item = seed_item()
    with pytest.raises(KeyError):
        ItemAdapter(item)["headlines"] = "typo"
    with pytest.raises(AttributeError):
        item.headlines = "typo"  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        ArticleItem(**{**dataclasses.asdict(item), "headlines": "typo"})
    with pytest.raises(KeyError):
        item["headlines"]


def test_extract_article_is_the_item_of_extract() -> None:
    html = (FIXTURES / "seed_jnews.html").read_bytes()
    extraction = extract(html, SEED_URL)
    assert isinstance(extraction, Extraction)
    assert extraction.item == extract_article(html, SEED_URL)
    assert extraction.date_disagreements == extraction.date_disagreements >= 0
    assert extraction.profile_misses == ["modified"]  # the jagatbisnis profile; an article never updated
    assert extraction.next_page is None


def test_diagnostics_never_change_the_item() -> None:
    """The date sources after the chosen one are read only when the disagreements are asked for."""
    html = (FIXTURES / "seed_jnews.html").read_bytes()
    extraction = extract(html, SEED_URL)
    before = dataclasses.asdict(extraction.item)
    _ = extraction.date_disagreements, extraction.profile_misses, extraction.next_page
    assert dataclasses.asdict(extraction.item) == before


def test_the_schema_version_is_one_number_in_the_item_the_schema_and_its_id() -> None:
    """Bumping ``SCHEMA_VERSION`` without the field's ``Literal`` (or the other way round) fails here."""
    hints = get_type_hints(ArticleItem, include_extras=True)
    assert get_args(hints["schemaVersion"]) == (SCHEMA_VERSION,)
    assert seed_item().schemaVersion == SCHEMA_VERSION
    schema = article_schema()
    assert schema["$id"] == SCHEMA_ID == f"urn:warta:schema:article:{SCHEMA_VERSION}"
    assert schema["properties"]["schemaVersion"]["const"] == SCHEMA_VERSION
    assert SCHEMA_ID in generate.field_docs(ArticleItem)["schemaVersion"]


def test_timestamps_carry_their_format_where_every_value_has_it() -> None:
    """``date-time`` only where a value always has a time; a day alone is allowed by ``date``."""
    props = article_schema()["properties"]
    assert props["dateModified"]["format"] == props["crawledAt"]["format"] == "date-time"
    for schema in (props["datePublished"], props["mentionedDates"]["items"]["properties"]["date"]):
        assert "format" not in schema
        assert schema["anyOf"] == [{"format": "date-time"}, {"format": "date"}]
    validator = line_validator()  # the runtime validator: it enforces the formats
    line = exported_line(seed_item())
    assert validator.is_valid({**line, "datePublished": "2022-03-15"})  # a day alone
    assert validator.is_valid({**line, "datePublished": "2022-03-15T08:12:40+07:00"})
    assert not validator.is_valid({**line, "datePublished": "2022-02-30"})  # no such day
    assert not validator.is_valid({**line, "dateModified": "2022-03-15T25:12:40+07:00"})  # no such hour
    assert not validator.is_valid({**line, "crawledAt": "2026-02-30T11:47:05Z"})
    assert not validator.is_valid({**line, "url": "https://jagatbisnis.com/a b/"})  # not a URI


def test_the_json_lines_exporter_writes_scrapys_bytes_reading_the_article_directly() -> None:
    """The project's JSON-lines exporter reads an article's fields straight off the dataclass, without
    Scrapy's per-field loop: the same bytes as Scrapy's exporter, for the stamped seed article, a few
    fields of it, and a dict (which takes Scrapy's way)."""
    import io

    from scrapy.exporters import JsonLinesItemExporter

    from crawler.exports.exporters import LineAtomicJsonLinesExporter

    item = seed_item()
    ItemAdapter(item).update(crawledAt="2026-11-28T11:47:05Z", version=1, duplicateOf=None)
    cases = (
        (item, settings.FEED_EXPORT_FIELDS),
        (item, ["version", "headline"]),
        (exported_line(item), None),
    )
    for exported, fields in cases:
        ours, scrapys = io.BytesIO(), io.BytesIO()
        LineAtomicJsonLinesExporter(ours, fields_to_export=fields, encoding="utf-8").export_item(exported)
        JsonLinesItemExporter(scrapys, fields_to_export=fields, encoding="utf-8").export_item(exported)
        assert ours.getvalue() == scrapys.getvalue()
        assert json.loads(ours.getvalue())["version"] == 1
