"""End-of-run monitors: did this crawl go well? Pure checks over the run's stats and its item tally.

No Scrapy import: ``crawler.monitoring.extension`` feeds the tally (``crawler.monitoring.tally``) from the
``item_delivered`` signal and calls ``run_checks`` with the final stats. Every limit is a setting
(``WARTA_MONITOR_*``, and ``WARTA_DRIFT_THRESHOLD`` for the generic-fallback rate, shared with the drift
warning; see ``Thresholds.from_settings``). A failed check makes ``scrapy crawl`` exit 3
(``crawler.commands``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from crawler.monitoring.tally import ItemTally


COVERAGE_FIELDS = ("headline", "articleBody", "datePublished")
TIMEOUT_EXCEPTIONS = ("TimeoutError", "TCPTimedOutError", "ResponseNeverReceived")


class SettingsReader(Protocol):
    """What ``Thresholds.from_settings`` reads; Scrapy's ``Settings`` fits, and this module stays pure."""

    def getint(self, name: str) -> int: ...

    def getfloat(self, name: str) -> float: ...

    def getlist(self, name: str) -> list[str]: ...


@dataclass(frozen=True)
class Thresholds:
    """The limits a healthy run stays within: each one a setting whose default is in ``crawler/settings.py``.

    ``max_generic_rate`` is ``WARTA_DRIFT_THRESHOLD``, the limit the drift warning uses too."""

    min_items: int
    min_coverage: float
    max_leaks: int
    max_generic_rate: float
    max_403_rate: float
    max_429_rate: float
    max_5xx_rate: float
    max_timeout_rate: float
    max_spider_exception_rate: float
    max_rejected_rate: float
    finish_reasons: tuple[str, ...]
    max_unfetched_rate: float = 0.0

    @classmethod
    def from_settings(cls, settings: SettingsReader) -> Thresholds:
        return cls(
            min_items=settings.getint("WARTA_MONITOR_MIN_ITEMS"),
            min_coverage=settings.getfloat("WARTA_MONITOR_MIN_COVERAGE"),
            max_leaks=settings.getint("WARTA_MONITOR_MAX_LEAKS"),
            max_generic_rate=settings.getfloat("WARTA_DRIFT_THRESHOLD"),
            max_403_rate=settings.getfloat("WARTA_MONITOR_MAX_403_RATE"),
            max_429_rate=settings.getfloat("WARTA_MONITOR_MAX_429_RATE"),
            max_5xx_rate=settings.getfloat("WARTA_MONITOR_MAX_5XX_RATE"),
            max_timeout_rate=settings.getfloat("WARTA_MONITOR_MAX_TIMEOUT_RATE"),
            max_spider_exception_rate=settings.getfloat("WARTA_MONITOR_MAX_SPIDER_EXCEPTION_RATE"),
            max_rejected_rate=settings.getfloat("WARTA_MONITOR_MAX_REJECTED_RATE"),
            finish_reasons=tuple(settings.getlist("WARTA_MONITOR_FINISH_REASONS")),
            max_unfetched_rate=settings.getfloat("WARTA_MONITOR_MAX_UNFETCHED_RATE"),
        )


@dataclass(frozen=True)
class Check:
    """One monitor's verdict, with the measured value and the limit it was held to."""

    name: str
    ok: bool
    value: Any
    limit: Any
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _sum_prefixed(stats: Mapping[str, Any], prefix: str, accept: Callable[[str], bool]) -> int:
    return sum(int(v) for k, v in stats.items() if k.startswith(prefix) and accept(k[len(prefix) :]))


STATUS_PREFIX = "downloader/response_status_count/"
DROP_PREFIX = "warta/dropped/"  # items dropped, by reason
# Requests that failed for good, after retries, by exception (crawler/middlewares/badresponse.py).
FINAL_FAILURE_PREFIX = "warta/bad_response/exception/"
EXCEPTION_PREFIX = "downloader/exception_type_count/"
# Article URLs the run's discovery found (sitemaps, feeds, listings), fetched or not; set to 0 as discovery
# starts, so a run that read no source (one ``-a url=`` page, a worker of a shared crawl) has none.
ARTICLE_URLS_STAT = "warta/discovery/article_urls"
GONE_STAT = "warta/articles/gone"  # article pages that answered 404 or 410 (spiders/articles.py)
# What kept discovery's sources from being read, as the report's ``sources_unread`` and ``sitemaps_gone``.
SOURCE_PROBLEMS = (
    "sitemap_gone",
    "sitemap_failed",
    "bad_sitemap",
    "feed_failed",
    "bad_feed",
    "listing_failed",
)


def status_count(stats: Mapping[str, Any], accept: Callable[[str], bool]) -> int:
    """Responses whose status code (as text) passes ``accept``."""
    return _sum_prefixed(stats, STATUS_PREFIX, accept)


def timeout_count(stats: Mapping[str, Any]) -> int:
    return _sum_prefixed(stats, EXCEPTION_PREFIX, lambda name: name.endswith(TIMEOUT_EXCEPTIONS))


def why_nothing_came(stats: Mapping[str, Any]) -> str:
    """Why a run found no article, when it can be told, for the verdict's last line:

    - every request failed: ": no request got an answer (CannotResolveHostError 5)" (a portal gone, a host
      misspelt, a firewall; each request's last failure, after retries);
    - every answer was something else than a page: ": no request got a page (HTTP 403 12)" (a portal that
      blocks the crawler), the failures beside ("HTTP 404 1, TimeoutError 5": robots.txt, then silence);
    - pages came, and none of the sources read named an article: ": discovery found no article URL
      (sitemap_gone 2, feed_failed 1)" (a portal that moved its sitemaps and feed, listing pages whose
      links the profile's article pattern no longer fits);
    - articles were read and each was dropped: ": every article read was dropped (empty_body 6)" (a
      consent wall or a paywall instead of the text, a body the profile's selector no longer finds);
    - the article pages asked for answered 404 or 410: ": the article pages asked for are gone (404 or
      410: 1)" (a ``-a url=`` mistyped, a sitemap listing deleted posts).

    Empty otherwise (articles were found and not fetched: the monitors on fetching say why). Not
    "; ": the verdict's line separates its failed monitors with that."""
    statuses = by_prefix(stats, STATUS_PREFIX)
    if not any(code.startswith("2") for code in statuses):
        # failures as the run ended, after retries; Scrapy's count of every try where Warta's is not kept
        failures = _by_exception(stats, FINAL_FAILURE_PREFIX) or _by_exception(stats, EXCEPTION_PREFIX)
        outcomes = [f"HTTP {code} {n}" for code, n in statuses.items()]
        outcomes += [f"{name} {n}" for name, n in failures.items()]
        if not outcomes:
            return ""
        return f": no request got {'a page' if statuses else 'an answer'} ({', '.join(outcomes)})"
    if stats.get(ARTICLE_URLS_STAT) == 0:
        problems = [(name, int(n)) for name in SOURCE_PROBLEMS if (n := stats.get(f"warta/discovery/{name}"))]
        shown = ", ".join(f"{name} {n}" for name, n in problems)
        return ": discovery found no article URL" + (f" ({shown})" if shown else "")
    if dropped := by_prefix(stats, DROP_PREFIX):
        return ": every article read was dropped (" + ", ".join(f"{k} {n}" for k, n in dropped.items()) + ")"
    if gone := int(stats.get(GONE_STAT, 0)):
        return f": the article pages asked for are gone (404 or 410: {gone})"
    return ""


def by_prefix(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    """The counters under ``prefix``, by the rest of their name, sorted."""
    return {key[len(prefix) :]: int(value) for key, value in sorted(stats.items()) if key.startswith(prefix)}


def _by_exception(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    """Counts under ``prefix`` by the exception's class name (``scrapy.exceptions.X`` -> ``X``)."""
    return {name.rsplit(".", 1)[-1]: n for name, n in by_prefix(stats, prefix).items()}


def spider_exception_count(stats: Mapping[str, Any]) -> int:
    """Callbacks that raised: pages the spider could not read. Scrapy counts each in
    ``spider_exceptions/count`` and in ``spider_exceptions/<type>``."""
    if "spider_exceptions/count" in stats:
        return int(stats["spider_exceptions/count"])
    return _sum_prefixed(stats, "spider_exceptions/", lambda name: name != "count")


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# Items a pipeline raised on (counted by ``crawler.exports.delivery.DeliveringFeedExporter``).
PIPELINE_ERRORS_STAT = "warta/items/pipeline_errors"
# Article pages fetched whose callback raised (spiders/articles.py), and the first of them.
UNREAD_STAT = "warta/articles/unread"
# Callbacks ended by a profile pattern past its time bound, as Scrapy counts a callback's exception by type.
PATTERN_TIMEOUT_STAT = "spider_exceptions/PatternTimeout"
FIRST_UNREAD_STAT = "warta/articles/first_unread"
# Articles the whole shared crawl recorded, set by a Redis worker when the crawl finished.
SHARED_EXPORTED_STAT = "warta/distributed/crawl_exported"


def run_checks(
    stats: Mapping[str, Any], tally: ItemTally, limits: Thresholds, *, has_profile: bool = True
) -> list[Check]:
    """Every monitor over one finished run. ``has_profile`` is False for the generic spider, whose
    every item is generic by design."""
    checks: list[Check] = []
    # Articles exported by earlier runs count as found: fetched and unchanged, or not fetched at all
    # because nothing (sitemap lastmod, news sitemap, feed) said they changed. Each counted once, and
    # only articles: a URL merely fetched before (a 404, a dropped copy) is no sign of a working crawl.
    unchanged = int(stats.get("warta/dropped/unchanged", 0)) + int(
        stats.get("warta/incremental/known_articles", 0)
    )
    found = tally.exported + unchanged
    detail = f"{tally.exported} exported, {unchanged} known and unchanged"
    # A worker of a shared crawl (Redis) may find the queue drained by the others: the crawl is judged.
    shared = int(stats.get(SHARED_EXPORTED_STAT, 0))
    if shared > found:
        found, detail = shared, f"{detail} by this worker; {shared} exported by the shared crawl"
    if found < limits.min_items:
        detail += why_nothing_came(stats)
    checks.append(Check("items_exported", found >= limits.min_items, found, limits.min_items, detail))
    for name, ratio in tally.coverage().items():
        ok = ratio is None or ratio >= limits.min_coverage
        value = None if ratio is None else round(ratio, 4)
        checks.append(
            Check(f"coverage_{name}", ok, value, limits.min_coverage, "no items" if ratio is None else "")
        )
    examples = ", ".join(f"{e['marker']!r} in {e['url']}" for e in tally.leak_examples[:3])
    checks.append(
        Check("body_leaks", tally.leaks <= limits.max_leaks, tally.leaks, limits.max_leaks, examples)
    )
    if has_profile:
        for portal, portal_tally in sorted(tally.portals.items()):
            over = portal_tally.over(limits.max_generic_rate)
            checks.append(
                Check(
                    f"generic_fallback_{portal}",
                    not over,
                    round(portal_tally.rate, 4),
                    limits.max_generic_rate,
                    "the profile's selectors no longer fit the pages" if over else "",
                )
            )
    responses = int(stats.get("downloader/response_count", 0))
    requests = int(stats.get("downloader/request_count", 0))
    for name, count, limit in (
        ("http_403_rate", status_count(stats, lambda code: code == "403"), limits.max_403_rate),
        ("http_429_rate", status_count(stats, lambda code: code == "429"), limits.max_429_rate),
        ("http_5xx_rate", status_count(stats, lambda code: code.startswith("5")), limits.max_5xx_rate),
    ):
        rate = _rate(count, responses)
        checks.append(Check(name, rate <= limit, round(rate, 4), limit, f"{count} of {responses} responses"))
    timeouts = timeout_count(stats)
    rate = _rate(timeouts, requests)
    checks.append(
        Check(
            "timeout_rate",
            rate <= limits.max_timeout_rate,
            round(rate, 4),
            limits.max_timeout_rate,
            f"{timeouts} of {requests} requests",
        )
    )
    raised = spider_exception_count(stats)
    rate = _rate(raised, responses)
    checks.append(
        Check(
            "spider_exception_rate",
            rate <= limits.max_spider_exception_rate,
            round(rate, 4),
            limits.max_spider_exception_rate,
            f"{raised} of {responses} responses raised in the spider",
        )
    )
    worst = float(stats.get("warta/discovery/rejected/worst_rate", 0.0))
    rejected = int(stats.get("warta/discovery/rejected/article_like", 0))
    checks.append(
        Check(
            "discovery_rejected",
            worst <= limits.max_rejected_rate,
            worst,
            limits.max_rejected_rate,
            f"{rejected} article URLs in sitemaps and feeds fail the article_url_pattern; worst: "
            f"{stats.get('warta/discovery/rejected/worst_source')}"
            if rejected
            else "",
        )
    )
    # A sitemap left unread by a discovery bound may hold articles this run never delivers: the operator
    # must raise the bound or stop the trap. (Listing cuts are where paging ends, not a loss.)
    unread = {
        cut: int(stats.get(f"warta/discovery/cut/{cut}", 0)) for cut in ("sitemap_depth", "sitemap_count")
    }
    checks.append(
        Check(
            "sitemaps_unread",
            not any(unread.values()),
            sum(unread.values()),
            0,
            ", ".join(f"{count} past {cut}" for cut, count in unread.items() if count),
        )
    )
    reason = stats.get("finish_reason")
    checks.append(
        Check("finish_reason", reason in limits.finish_reasons, reason, list(limits.finish_reasons))
    )
    checks.extend(delivery_checks(stats, limits.max_unfetched_rate))
    return checks


def delivery_checks(stats: Mapping[str, Any], max_unfetched_rate: float = 0.0) -> list[Check]:
    """What the run found or had in hand and did not deliver: article pages that failed after the retries,
    items a pipeline raised on (not ``DropItem``: Scrapy only logs those), articles the JSON Schema refused,
    rows the PostgreSQL sink could not write. The ``crawl`` command applies them even when the monitors are
    off (``crawler.commands.crawl.verdict``): switching off judgement of a run's health does not switch off
    telling the user what was lost. Only the unfetched rate is the user's to tune
    (``WARTA_MONITOR_MAX_UNFETCHED_RATE``)."""
    errors = int(stats.get(PIPELINE_ERRORS_STAT, 0))
    detail = f"{errors} items a pipeline raised on, never exported (see the log)" if errors else ""
    unfetched = unfetched_check(stats, max_unfetched_rate)
    invalid = int(stats.get("warta/dropped/schema_invalid", 0))
    refused = (
        f"{invalid} articles failed the JSON Schema and were not exported (WARTA_VALIDATE_SCHEMA), first "
        f"{stats.get('warta/schema/first_invalid')}: a bug to report; the next run fetches them again"
        if invalid
        else ""
    )
    return [
        unfetched,
        unread_check(stats),
        pattern_timeout_check(stats),
        Check("item_errors", errors == 0, errors, 0, detail),
        Check("schema_invalid", invalid == 0, invalid, 0, refused),
        *sink_checks(stats),
    ]


def pattern_timeout_check(stats: Mapping[str, Any]) -> Check:
    """A profile pattern that ran past its time bound (``crawler.profile_patterns.PatternTimeout``, which
    Scrapy counts by its name) left its page unread, and will on every run until the profile is mended."""
    count = int(stats.get(PATTERN_TIMEOUT_STAT, 0))
    return _none_allowed(
        "profile_pattern_timeouts",
        count,
        f"{count} pages were left unread because a profile pattern backtracked past its time bound (the "
        "log names the pattern and the text): mend the profile",
    )


def unread_check(stats: Mapping[str, Any]) -> Check:
    """An article page fetched but raising in the spider (``spiders/articles.py``: a bug the page found, or
    an extraction worker that died or hung twice reading it) was not delivered."""
    unread = int(stats.get(UNREAD_STAT, 0))
    return _none_allowed(
        "unread_articles",
        unread,
        f"{unread} article pages could not be read and were not exported, first "
        f"{stats.get(FIRST_UNREAD_STAT)} (the log says why: an error to report, or an extraction worker "
        f"that died or hung twice on it); the next run reads them again",
    )


def _none_allowed(name: str, count: int, detail: str) -> Check:
    """A check that fails on any count, with its detail only then."""
    return Check(name, count == 0, count, 0, detail if count else "")


def unfetched_check(stats: Mapping[str, Any], max_rate: float) -> Check:
    """An article page that failed after the retries (5xx, timeout, cut or oversized; not a 404 or 410,
    which is gone) or whose next page failed was not delivered: the next run asks for it again. The count
    is in the report either way; past the rate, the run fails."""
    unfetched = int(stats.get("warta/articles/failed", 0)) + int(
        stats.get("warta/pagination/followup_failed", 0)
    )
    requests = int(stats.get("downloader/request_count", 0))
    rate = _rate(unfetched, requests)
    return Check(
        "unfetched_articles",
        rate <= max_rate,
        round(rate, 4),
        max_rate,
        f"{unfetched} article pages failed after retries ({requests} requests), first "
        f"{stats.get('warta/articles/first_failed') or 'a next page'}: the next run asks again"
        if unfetched
        else "",
    )


def sink_checks(stats: Mapping[str, Any]) -> list[Check]:
    """The PostgreSQL sink (``pipelines/postgres.py``): rows still in its outbox at close wait for a
    database the run could not reach (the next run writes them); rows the database refused, and items
    that could not be a row at all, are not in the table."""
    outbox = stats.get("warta/sink/outbox") or "the outbox"
    waiting = int(stats.get("warta/sink/pending", 0))
    cause = stats.get("warta/sink/last_error") or "unknown cause"
    checks = [
        Check(
            "sink_pending",
            waiting == 0,
            waiting,
            0,
            f"{waiting} rows wait in {outbox} for PostgreSQL ({cause}); the next run writes them"
            if waiting
            else "",
        )
    ]
    refused = int(stats.get("warta/sink/refused", 0))
    unstorable = int(stats.get("warta/sink/unstorable", 0))
    problems = []
    if refused:
        problems.append(
            f"PostgreSQL refused {refused} rows ({stats.get('warta/sink/refusal')}); they are kept in "
            f"{outbox} and the next run tries them again"
        )
    if unstorable:
        problems.append(f"{unstorable} items could not be made a row (see the log)")
    checks.append(Check("sink_errors", not problems, refused + unstorable, 0, "; ".join(problems)))
    return checks


def failed(checks: list[Check]) -> list[Check]:
    return [c for c in checks if not c.ok]
