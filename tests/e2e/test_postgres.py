"""The PostgreSQL sink against the real server: the writer's upserts by (canonical URL, version) from the
outbox, refusals set aside, then two workers (outages: test_postgres_outage.py)."""

# The fixtures ``prefix`` and ``truth_urls`` come from test_distributed; their parameters "redefine" them.
# ruff: noqa: F811

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler import settings as project_settings
from crawler.sink.outbox import Counts, Outbox
from crawler.sink.postgres import PostgresWriter
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


def _writer(dsn: str, table: str, outbox: Path, batch: int = 2) -> PostgresWriter:
    return PostgresWriter(dsn, table, outbox, batch_size=batch, connect_timeout=5)


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


def _queue(outbox: Path, *items: dict) -> None:
    box = Outbox(outbox)
    for item in items:
        box.add(json.dumps(item, ensure_ascii=False))
    box.close()


def test_upsert_on_canonical_url_and_version(postgres_dsn, table, tmp_path):
    outbox = tmp_path / "outbox.sqlite"
    _queue(
        outbox,
        _item(1, "China sebut Rusia bersedia"),
        _item(1, "China Sebut Rusia Bersedia Adakan Pembicaraan"),  # same key: updated
        _item(2, "Versi kedua", published="Selasa, 15 Maret 2022"),  # new version: new row
    )
    writer = _writer(postgres_dsn, table, outbox)
    result = writer.drain()
    writer.close()
    assert (result.written, result.refused, result.error) == (3, 0, None)
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
    assert Outbox(outbox).counts() == Counts(waiting=0, refused=0)


def test_a_row_written_twice_is_one_row(postgres_dsn, table, tmp_path):
    """A kill between PostgreSQL's commit and the outbox's delete writes the batch again: harmless."""
    outbox = tmp_path / "outbox.sqlite"
    _queue(outbox, _item(1, "China sebut Rusia bersedia"), _item(2, "Versi kedua"))
    _queue(tmp_path / "again.sqlite", _item(1, "China sebut Rusia bersedia"), _item(2, "Versi kedua"))
    for path in (outbox, tmp_path / "again.sqlite"):
        writer = _writer(postgres_dsn, table, path)
        assert writer.drain().written == 2
        writer.close()
    with _connect(postgres_dsn) as conn:
        assert conn.execute(f"SELECT version, headline FROM {table} ORDER BY version").fetchall() == [
            (1, "China sebut Rusia bersedia"),
            (2, "Versi kedua"),
        ]


def test_rows_the_database_refuses_are_set_aside_and_the_rest_written(postgres_dsn, table, tmp_path):
    outbox = tmp_path / "outbox.sqlite"
    nul = _item(2, "Judul dengan \x00 di tengah")  # PostgreSQL text cannot hold NUL
    _queue(outbox, _item(1, "China sebut Rusia bersedia"), nul, _item(3, "Versi ketiga"))
    writer = _writer(postgres_dsn, table, outbox, batch=10)
    result = writer.drain()
    writer.close()
    assert (result.written, result.refused, result.error) == (2, 1, None)
    assert "NUL" in (result.refusal or "")
    box = Outbox(outbox)
    assert box.counts() == Counts(waiting=0, refused=1)
    assert box.retry_refused() == 1
    (left,) = box.next_batch(10)
    assert json.loads(left.payload)["headline"] == nul["headline"]
    with _connect(postgres_dsn) as conn:
        assert [v for (v,) in conn.execute(f"SELECT version FROM {table} ORDER BY version")] == [1, 3]


def test_a_table_of_another_shape_refuses_every_row_and_keeps_them(postgres_dsn, table, tmp_path):
    with _connect(postgres_dsn) as conn:
        conn.execute(f"CREATE TABLE {table} (canonical_url text PRIMARY KEY)")  # an older, other schema
    outbox = tmp_path / "outbox.sqlite"
    _queue(outbox, _item(1, "China sebut Rusia bersedia"), _item(2, "Versi kedua"))
    writer = _writer(postgres_dsn, table, outbox)
    result = writer.drain()
    writer.close()
    assert (result.written, result.refused, result.error) == (0, 2, None)
    assert f'column "version" of relation "{table}" does not exist' in (result.refusal or "")
    assert Outbox(outbox).counts() == Counts(waiting=0, refused=2)


def test_an_unreachable_database_leaves_every_row_in_the_outbox(tmp_path):
    outbox = tmp_path / "outbox.sqlite"
    _queue(outbox, _item(1, "China sebut Rusia bersedia"))
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        writer = _writer(f"postgresql://postgres@127.0.0.1:{port}/postgres", "articles", outbox)
        result = writer.drain()
    writer.close()
    assert result.written == 0 and "Connection refused" in (result.error or "")
    assert "\n" not in (result.error or "")
    assert Outbox(outbox).counts() == Counts(waiting=1, refused=0)


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
