"""Schema version 2 in a real crawl of the demo portal: runtime validation on (nothing valid is dropped),
and the same run writing the Warta export and the Zyte ``Article`` export (``zyte_jsonlines``) side by side,
line for line the same articles."""

from __future__ import annotations

import re

import pytest

from crawler.exports.zyte import ZYTE_ARTICLE_FIELDS
from crawler.items import EXPORT_FIELDS, SCHEMA_VERSION
from crawler.schema.validation import problem
from tests.conftest import read_jsonl, run_crawl


@pytest.fixture(scope="module")
def crawl(demo_portal, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    warta, zyte = data_dir / "articles.jsonl", data_dir / "articles.zyte.jl"
    result = run_crawl(
        "jagatbisnis",
        *("-a", f"base_url={demo_portal.base_url}"),
        *("-s", "WARTA_VALIDATE_SCHEMA=True"),
        *("-O", str(warta), "-O", f"{zyte}:zyte_jsonlines"),
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return {"warta": read_jsonl(warta), "zyte": read_jsonl(zyte), "log": result.stderr}


@pytest.fixture(scope="module")
def truth(demo_portal):
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    return {item["canonicalUrl"]: item for item in expected_items(build_site(), demo_portal.base_url)}


def test_validation_on_drops_nothing_of_the_demo_portal(crawl, truth):
    urls = [line["canonicalUrl"] for line in crawl["warta"]]
    assert len(urls) == len(set(urls)) == len(truth) == 324
    assert set(urls) == set(truth)
    assert "'warta/schema/validated': 324" in crawl["log"]  # the premise: every item was checked
    assert "warta/dropped/schema_invalid" not in crawl["log"]
    for line in crawl["warta"]:
        assert list(line) == EXPORT_FIELDS
        assert line["schemaVersion"] == SCHEMA_VERSION
        assert problem(line) is None, (line["url"], problem(line))


def test_the_new_fields_match_the_truth(crawl, truth):
    for line in crawl["warta"]:
        expected = truth[line["canonicalUrl"]]
        for field in ("images", "publisher", "wordCount", "isAccessibleForFree"):
            assert line[field] == expected[field], (line["url"], field)
    assert sum(bool(line["images"]) for line in crawl["warta"]) > 100  # the premise: articles with photos


def test_the_zyte_export_holds_the_same_articles_in_zytes_shape(crawl):
    assert len(crawl["zyte"]) == len(crawl["warta"])
    for warta, zyte in zip(crawl["warta"], crawl["zyte"], strict=True):
        assert list(zyte) == [name for name in ZYTE_ARTICLE_FIELDS if name in zyte]
        assert zyte["url"] == warta["url"] and zyte["canonicalUrl"] == warta["canonicalUrl"]
        assert zyte["headline"] == warta["headline"] and zyte["articleBody"] == warta["articleBody"]
        assert zyte["datePublished"] == warta["datePublished"]
        assert zyte["authors"] == [{"name": n} for n in warta["authors"] + warta["authorsOrg"]]
        assert zyte.get("images", []) == [{"url": image["url"]} for image in warta["images"]]
        assert zyte.get("mainImage") == ({"url": warta["mainImage"]["url"]} if warta["mainImage"] else None)
        assert zyte["metadata"] == {"dateDownloaded": warta["crawledAt"], "probability": 1.0}
        assert re.match(r"^\d{4}-\d{2}-\d{2}T", zyte["metadata"]["dateDownloaded"])


def test_without_jsonschema_validation_refuses_to_start_in_one_line(tmp_path):
    """An installation without the ``[validate]`` extra: jsonschema cannot be imported (a stand-in
    package that fails to import, ahead of the real one on the path)."""
    fake = tmp_path / "site" / "jsonschema"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError(\"No module named 'jsonschema'\")\n")
    result = run_crawl(
        "jagatbisnis",
        *("-a", "base_url=http://127.0.0.1:9", "-s", "WARTA_VALIDATE_SCHEMA=True"),
        *("-O", str(tmp_path / "never.jsonl")),
        data_dir=tmp_path / "data",
        env={"PYTHONPATH": str(fake.parent)},
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("warta: cannot start jagatbisnis: WARTA_VALIDATE_SCHEMA needs jsonschema")
    assert last.endswith("pip install 'warta[validate]'")
    assert "Traceback" not in result.stderr
