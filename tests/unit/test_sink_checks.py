"""The sink's monitors: rows left in the outbox at close, and rows the database refused, fail the run with
their cause; the crawl command's last line quotes it (real outages: tests/e2e/test_postgres_outage.py)."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from crawler.commands.crawl import verdict
from crawler.monitoring.checks import sink_checks

OUTBOX = "/srv/warta/data/outbox/postgres-jagatbisnis.sqlite"
REFUSED = 'connection failed: connection to server at "127.0.0.1", port 5433 failed: Connection refused'


def _by_name(stats: dict) -> dict:
    return {check.name: check for check in sink_checks(stats)}


def test_a_run_whose_rows_all_reached_the_table_passes():
    checks = _by_name({"warta/sink/outbox": OUTBOX, "warta/sink/written": 324, "warta/sink/pending": 0})
    assert all(check.ok for check in checks.values())
    assert set(checks) == {"sink_pending", "sink_errors"}


def test_no_sink_configured_passes():
    assert all(check.ok for check in sink_checks({}))


def test_rows_waiting_at_close_fail_the_run_naming_the_outbox_and_the_cause():
    checks = _by_name(
        {"warta/sink/outbox": OUTBOX, "warta/sink/pending": 204, "warta/sink/last_error": REFUSED}
    )
    pending = checks["sink_pending"]
    assert not pending.ok and pending.value == 204
    assert pending.detail == f"204 rows wait in {OUTBOX} for PostgreSQL ({REFUSED}); the next run writes them"
    assert checks["sink_errors"].ok


def test_refused_rows_and_items_that_are_no_row_fail_the_run():
    reason = 'column "version" of relation "articles" does not exist'
    stats = {"warta/sink/outbox": OUTBOX, "warta/sink/refused": 3, "warta/sink/refusal": reason}
    errors = _by_name({**stats, "warta/sink/unstorable": 1})["sink_errors"]
    assert not errors.ok and errors.value == 4
    assert f"PostgreSQL refused 3 rows ({reason}); they are kept in {OUTBOX}" in errors.detail
    assert "1 items could not be made a row" in errors.detail


def test_the_crawl_commands_line_quotes_each_failed_monitors_cause():
    crawler = get_crawler(settings_dict={"WARTA_MONITOR_FINISH_REASONS": ["finished"]})
    crawler.stats.open_spider()
    detail = f"204 rows wait in {OUTBOX} for PostgreSQL ({REFUSED}); the next run writes them"
    for key, value in {
        "finish_reason": "finished",
        "warta/monitors/failed": 1,
        "warta/monitors/failed_names": "sink_pending",
        "warta/monitors/failed_details": f"sink_pending: {detail}",
    }.items():
        crawler.stats.set_value(key, value)
    assert verdict(crawler) == [f"monitors failed: sink_pending: {detail}"]
