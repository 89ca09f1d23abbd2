"""The sink's outbox, pure SQLite: rows kept until the database took them, read in bounded batches, oldest
first, refusals set aside without blocking the rest (the writer against a real server:
tests/e2e/test_postgres.py; outages: tests/e2e/test_postgres_outage.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.sink.outbox import Counts, Outbox, outbox_path
from crawler.sink.postgres import row_for


def _payload(n: int) -> str:
    url = f"https://jagatbisnis.com/2022/03/{n % 28 + 1:02d}/berita-nomor-{n}/"
    return json.dumps({"canonicalUrl": url, "version": 1, "headline": f"Berita nomor {n} – Jakarta"})


def _urls(batch: list) -> list[str]:
    return [json.loads(waiting.payload)["canonicalUrl"] for waiting in batch]


def test_rows_come_out_oldest_first_in_batches_no_larger_than_asked(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "outbox.sqlite")
    for n in range(250):
        box.add(_payload(n))
    seen: list[str] = []
    while batch := box.next_batch(100):
        assert len(batch) <= 100
        seen += _urls(batch)
        box.remove(waiting.id for waiting in batch)
    assert seen == [json.loads(_payload(n))["canonicalUrl"] for n in range(250)]
    assert box.counts() == Counts(waiting=0, refused=0)


def test_a_row_stays_until_removed_and_survives_a_new_run(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite"
    box = Outbox(path)
    for n in range(3):
        box.add(_payload(n))
    box.next_batch(10)  # read but never confirmed written: a run that died, or a database that went away
    box.close()
    later = Outbox(path)
    assert _urls(later.next_batch(10)) == [json.loads(_payload(n))["canonicalUrl"] for n in range(3)]


def test_the_writer_and_the_pipeline_share_one_file(tmp_path: Path) -> None:
    """The pipeline adds through one connection while the writer's thread reads and deletes through
    another: every row is read once, none is lost."""
    path = tmp_path / "outbox.sqlite"
    pipeline, writer = Outbox(path), Outbox(path)
    written: list[str] = []
    for n in range(40):
        pipeline.add(_payload(n))
        if n % 7 == 0:
            batch = writer.next_batch(5)
            written += _urls(batch)
            writer.remove(waiting.id for waiting in batch)
    while batch := writer.next_batch(5):
        written += _urls(batch)
        writer.remove(waiting.id for waiting in batch)
    assert written == [json.loads(_payload(n))["canonicalUrl"] for n in range(40)]
    assert pipeline.counts() == Counts(waiting=0, refused=0)


def test_a_refused_row_is_set_aside_and_the_next_run_tries_it_again(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite"
    box = Outbox(path)
    ids = [box.add(_payload(n)) for n in range(4)]
    box.refuse(ids[1], "value too long for type character varying(10)")
    # The rows behind it are not blocked
    assert [waiting.id for waiting in box.next_batch(10)] == [ids[0], ids[2], ids[3]]
    assert box.counts() == Counts(waiting=3, refused=1)
    assert box.first_refusal() == "value too long for type character varying(10)"
    box.remove([ids[0], ids[2], ids[3]])
    box.close()

    next_run = Outbox(path)
    assert next_run.retry_refused() == 1
    assert [waiting.id for waiting in next_run.next_batch(10)] == [ids[1]]
    assert next_run.counts() == Counts(waiting=1, refused=0)
    assert next_run.first_refusal() is None


def test_one_outbox_per_spider_under_the_data_folder(tmp_path: Path) -> None:
    assert (
        outbox_path(tmp_path, "jagatbisnis") == tmp_path.resolve() / "outbox" / "postgres-jagatbisnis.sqlite"
    )
    assert outbox_path(tmp_path, "kompas") != outbox_path(tmp_path, "jagatbisnis")
    for name in ("../state/jagatbisnis", "", "a/b"):
        with pytest.raises(ValueError, match="spider name"):
            outbox_path(tmp_path, name)


def test_an_item_that_cannot_be_a_row_is_told_at_once() -> None:
    with pytest.raises(KeyError):
        row_for({"headline": "Tanpa URL kanonik"})
    with pytest.raises(ValueError, match="canonicalUrl"):
        row_for({"canonicalUrl": ""})
    with pytest.raises(ValueError):
        row_for({"canonicalUrl": "https://jagatbisnis.com/a/", "version": "dua"})
    row = row_for({"canonicalUrl": "https://jagatbisnis.com/a/", "datePublished": "Selasa, 15 Maret 2022"})
    assert row[:2] == ("https://jagatbisnis.com/a/", 1) and row[5] is None  # the raw text stays in item


def test_a_nul_character_is_left_out_of_the_stored_item() -> None:
    """PostgreSQL's jsonb refuses ``\\u0000`` ("unsupported Unicode escape sequence"): a row holding one
    would be refused on every try and fail every run. A JSON-LD date ending in ``\\u0000`` is read and kept
    as its raw text, so a page can carry one into an item; a backslash written before ``u0000`` stays."""
    item = {
        "canonicalUrl": "https://jagatbisnis.com/2023/03/15/a/",
        "datePublishedRaw": "2023-03-15T10:00:00+07:00\x00",
        "tags": ["beras\x00", "C:\\u0000"],
        "articleBody": "\\\x00",  # a backslash, then a NUL
    }
    stored = row_for(item)[-1]
    assert "\\u0000" not in stored.replace("\\\\", "")
    assert json.loads(stored) == {
        "canonicalUrl": "https://jagatbisnis.com/2023/03/15/a/",
        "datePublishedRaw": "2023-03-15T10:00:00+07:00",
        "tags": ["beras", "C:\\u0000"],
        "articleBody": "\\",
    }
