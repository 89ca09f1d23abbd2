"""The PostgreSQL sink against the real server: upserts by (canonical URL, version), then two workers."""

# The fixtures ``prefix`` and ``truth_urls`` come from test_distributed; their parameters "redefine" them.
# ruff: noqa: F811

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from pipelines.postgres import PostgresPipeline
from tests.e2e.test_distributed import gated_portal, prefix, run_workers, truth_urls  # noqa: F401 - fixtures

SEED_URL = "https://jagatbisnis.com/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"


def _connect(dsn: str) -> Any:
    import psycopg

    return psycopg.connect(dsn, autocommit=True)


@pytest.fixture
def table(postgres_dsn: str) -> Iterator[str]:
    name = f"warta_test_{uuid.uuid4().hex[:10]}"
    yield name
    with _connect(postgres_dsn) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {name}")


def _pipeline(dsn: str, table: str, batch: int = 2) -> PostgresPipeline:
    crawler = get_crawler(
        Spider, {"WARTA_POSTGRES_DSN": dsn, "WARTA_POSTGRES_TABLE": table, "WARTA_POSTGRES_BATCH": batch}
    )
    pipeline = PostgresPipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def _item(version: int, headline: str, published: str | None = "2022-03-15T08:12:40+07:00") -> dict:
    return {
        "url": SEED_URL + "?utm_source=x",
        "canonicalUrl": SEED_URL,
        "portal": "jagatbisnis",
        "headline": headline,
        "articleBody": "JagatBisnis.com – China mengatakan Rusia bersedia mengadakan pembicaraan.",
        "datePublished": published,
        "fingerprint": f"fp{version}",
        "crawledAt": "2026-11-28T11:47:05Z",
        "version": version,
    }


def test_upsert_on_canonical_url_and_version(postgres_dsn, table):
    pipeline = _pipeline(postgres_dsn, table)
    pipeline.process_item(_item(1, "China sebut Rusia bersedia"))
    pipeline.process_item(_item(1, "China Sebut Rusia Bersedia Adakan Pembicaraan"))  # same key: updated
    pipeline.process_item(_item(2, "Versi kedua", published="Selasa, 15 Maret 2022"))  # new version: new row
    pipeline.close_spider()
    with _connect(postgres_dsn) as conn:
        rows = conn.execute(
            f"SELECT canonical_url, version, headline, date_published, item->>'articleBody' FROM {table} "
            "ORDER BY version"
        ).fetchall()
    assert [(r[1], r[2]) for r in rows] == [
        (1, "China Sebut Rusia Bersedia Adakan Pembicaraan"),
        (2, "Versi kedua"),
    ]
    assert rows[0][0] == SEED_URL
    assert rows[0][3].isoformat() == "2022-03-15T01:12:40+00:00"
    assert rows[1][3] is None, "a date that is not ISO 8601 is stored as NULL, the raw text stays in item"
    assert rows[0][4].startswith("JagatBisnis.com – China")  # UTF-8 kept as text
    assert pipeline.stats.get_value("warta/postgres/upserted") == 3


def test_an_item_without_canonical_url_is_skipped_and_counted(postgres_dsn, table):
    pipeline = _pipeline(postgres_dsn, table, batch=1)
    broken = _item(1, "Tanpa URL kanonik")
    del broken["canonicalUrl"]
    assert pipeline.process_item(broken) is broken
    pipeline.close_spider()
    assert pipeline.stats.get_value("warta/postgres/failed") == 1
    with _connect(postgres_dsn) as conn:
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_a_batch_the_database_refuses_is_counted_and_the_crawl_goes_on(postgres_dsn, table):
    with _connect(postgres_dsn) as conn:
        conn.execute(f"CREATE TABLE {table} (canonical_url text PRIMARY KEY)")  # an older, other schema
    pipeline = _pipeline(postgres_dsn, table, batch=1)
    item = _item(1, "China sebut Rusia bersedia")
    assert pipeline.process_item(item) is item
    assert pipeline.process_item(_item(2, "Versi kedua")) is not None
    pipeline.close_spider()
    assert pipeline.stats.get_value("warta/postgres/failed") == 2
    assert pipeline.stats.get_value("warta/postgres/upserted") is None


def test_two_workers_fill_the_sink_with_exactly_the_truth(
    redis_url,
    postgres_dsn,
    prefix,
    table,
    tmp_path,
    truth_urls,
):
    pipelines = {**project_settings.ITEM_PIPELINES, "pipelines.postgres.PostgresPipeline": 300}
    settings = {
        "REDIS_URL": redis_url,
        "WARTA_REDIS_PREFIX": prefix,
        "WARTA_POSTGRES_DSN": postgres_dsn,
        "WARTA_POSTGRES_TABLE": table,
        "ITEM_PIPELINES": json.dumps(pipelines),
    }
    with gated_portal(redis_url, prefix, 2) as server:
        workers = run_workers(2, server.base_url, tmp_path, settings)
    for worker in workers:
        assert worker["code"] == 0, worker["log"][-3000:]
        assert worker["items"], "each worker must have taken part"
    exported = {item["canonicalUrl"]: item for worker in workers for item in worker["items"]}

    with _connect(postgres_dsn) as conn:
        rows = conn.execute(f"SELECT canonical_url, version, item FROM {table}").fetchall()
    assert len(rows) == len(truth_urls)
    assert {urlsplit(url).path for url, _, _ in rows} == truth_urls
    assert {version for _, version, _ in rows} == {1}
    # Row for row, the sink holds what the JSON-lines exports hold.
    assert {url: item for url, _, item in rows} == exported
