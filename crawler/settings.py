"""Scrapy settings for Warta: production defaults for polite, resumable crawls of news portals.

Every value here can be overridden per run (``-s NAME=VALUE``) or per environment (``WARTA_*`` variables
where noted).
"""

from __future__ import annotations

import os

from crawler.items import EXPORT_FIELDS

BOT_NAME = "warta"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Identify ourselves; portals block anonymous crawlers and a contact lets them ask instead.
USER_AGENT = os.environ.get(
    "WARTA_USER_AGENT", "Warta/0.1 (+https://github.com/warta-crawler/warta; news archive crawler)"
)

# Politeness.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0

# Robustness: bounded waits, bounded pages, retries on the errors that pass.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
# How many of one callback's outputs go through the spider middlewares and pipelines at once. An article
# page gives one item, a listing, feed or sitemap only requests, which are scheduled without waiting, so
# nothing runs in parallel within one response; responses still run side by side. Scrapy starts this many
# asyncio tasks for every response: 1 instead of 16 took 3.9% off a crawl's instructions a page
# (callgrind, 500-article demo crawl: 12.65G -> 12.31G, 16.7M a page).
CONCURRENT_ITEMS = 1
# Scrapy reads a generator callback's source again (inspect, ast) to warn when it returns a value, on every
# response whose bound callback fell out of its weak cache: 1-2% of a crawl's CPU. No callback here returns
# one; tests/unit/test_spider_article.py checks them all once instead.
WARN_ON_GENERATOR_RETURN_VALUE = False

# Nothing listens for remote control in production.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    # Scrapy's feed exporter is replaced in EXTENSIONS_BASE by the portal spiders (crawler/defaults.py,
    # DeliveringFeedExporter), so an EXTENSIONS given on the command line cannot drop it.
    # Before the feeds open: cut a killed run's half-written last line, record its last unrecorded line.
    "crawler.exports.recovery.ExportRecovery": 10,
    # Run health (crawler/monitoring/): one tally of the exported items; the layout-drift warning during
    # the crawl, the end-of-run monitors and the run report next to the export, progress at an interval.
    "crawler.monitoring.extension.RunMonitor": 900,
    # The console's start line and progress line (crawler/console/progress.py).
    "crawler.console.progress.ConsoleProgress": 910,
    # Fewer passes of Python's cyclic garbage collector while the crawl runs (crawler/runtime.py).
    "crawler.runtime.GarbageCollection": 0,
    # Freed heap memory handed back to the system at an interval (crawler/runtime.py).
    "crawler.runtime.HeapTrim": 0,
}
# The cyclic garbage collector's first threshold during a crawl (Python's default: 700; 0 keeps Python's):
# at 700 its passes took ~5% of a crawl's CPU, at 5000 under 1% (crawler/runtime.py).
WARTA_GC_THRESHOLD = 5000
# Seconds between two hand-backs of the heap's free pages to the system (glibc malloc_trim; 0: never): the
# holes growing arrays leave would otherwise stay resident, ~95 bytes an article (crawler/runtime.py).
WARTA_HEAP_TRIM_INTERVAL = 10
# Blocks of at least this many bytes get their own mapping, unmapped when freed (glibc's mallopt
# M_MMAP_THRESHOLD, fixed once the spider opens; 0: glibc's own, which rises with every large block freed
# and sends growing arrays into the heap, whose holes stay resident): peak RSS at 50k articles ~4 MB lower.
WARTA_MMAP_THRESHOLD = 128 * 1024
# Scrapy's memory stats collector without its per-call deprecation wrapper (crawler/runtime.py).
STATS_CLASS = "crawler.runtime.PlainStatsCollector"
# Before a run opens its feeds, repair the exports a killed run left (crawler/exports/recovery.py).
WARTA_EXPORT_RECOVERY = True
# JOBDIR is trusted only when the run that wrote it closed; a killed run's job is discarded and the
# article state decides what is left to fetch. A finished job is cleared, so the same command run later
# crawls again (crawler/scheduler.py).
SCHEDULER = "crawler.scheduler.KillSafeScheduler"
# Scrapy's dupefilter, with each request fingerprint kept in 8 bytes instead of a 20-byte object in a set.
DUPEFILTER_CLASS = "crawler.scheduler.CompactDupeFilter"

# Run health (crawler/monitoring/). The generic-fallback rate of a profiled portal has one limit,
# WARTA_DRIFT_THRESHOLD: past it the drift warning names the fields that stopped matching (once the portal
# has WARTA_DRIFT_MIN_ITEMS items) and the end-of-run monitor generic_fallback_<portal> fails the run.
WARTA_DRIFT_ENABLED = True
WARTA_DRIFT_THRESHOLD = 0.1
WARTA_DRIFT_MIN_ITEMS = 20
WARTA_DRIFT_INTERVAL = 300  # seconds between drift checks during a crawl; 0 = only at close
# The other end-of-run monitors; any failure makes `scrapy crawl` exit 3 (crawler/commands/crawl.py).
WARTA_MONITORS_ENABLED = True
WARTA_MONITOR_MIN_ITEMS = 1  # exported, or exported by an earlier run and unchanged (each article once)
WARTA_MONITOR_MIN_COVERAGE = 0.95  # share of items with headline, articleBody, datePublished each
WARTA_MONITOR_MAX_LEAKS = 0  # bodies with an insert or ad marker
WARTA_MONITOR_MAX_403_RATE = 0.05  # of responses
WARTA_MONITOR_MAX_429_RATE = 0.05
WARTA_MONITOR_MAX_5XX_RATE = 0.05
WARTA_MONITOR_MAX_TIMEOUT_RATE = 0.05  # of requests
# Responses whose callback raised (spider_exceptions/*), of responses: past it the pages cannot be read.
WARTA_MONITOR_MAX_SPIDER_EXCEPTION_RATE = 0.05
# Article pages that failed after the retries (5xx, timeouts, cut or oversized responses; a 404 or 410 is
# gone, not failed) were not delivered; the next run asks again. Their count is in every report; past this
# share of the run's requests the run fails. 0: one article the run found and could not deliver fails it
# (what the run says is what the user got); a team that accepts a few raises it (0.01: one in a hundred).
WARTA_MONITOR_MAX_UNFETCHED_RATE = 0.0
# Share of one sitemap's or feed's article-shaped URLs that the profile's article_url_pattern rejects; past
# it (most of them, by default) the pattern no longer fits the portal's permalinks and articles are lost.
WARTA_MONITOR_MAX_REJECTED_RATE = 0.5
WARTA_MONITOR_FINISH_REASONS = ["finished"]
WARTA_PROGRESS_INTERVAL = 60  # seconds between progress lines; 0 = none

# The HTML run report beside the JSON one charts the run over time, one point per this many seconds; each
# run is also filed under WARTA_DATA_DIR/reports/runs/<spider>/ for the crawl history (reports/index.html),
# which keeps the newest WARTA_REPORT_HISTORY_KEEP runs of each spider (0 = all).
WARTA_REPORT_SERIES_INTERVAL = 60
WARTA_REPORT_HISTORY_KEEP = 1000

# `scrapy crawl` exits non-zero when a monitor fails or the run did not finish, so cron and scrapyd see it;
# `scrapy parse`, `check`, `fetch`, `view` and `shell` look at pages and keep no records (crawler/runmode.py).
COMMANDS_MODULE = "crawler.commands"
# A crawl writes its export, article state, run report and crawl history into WARTA_DATA_DIR; the look
# commands above set it False for their run, so they leave the data folder alone.
WARTA_RECORD_RUN = True
# `scrapy check`: the contracts in the portal spider's `parse` docstring (spiders/contracts.py) run against
# the page each profile names (`check_url`), on the portal or, with -a base_url=, on a fixture server.
SPIDER_CONTRACTS = {
    "spiders.contracts.CheckPageContract": 10,
    "spiders.contracts.FillsContract": 20,
    "spiders.contracts.ExtractedByContract": 30,
}

# Distributed mode: with REDIS_URL (or the environment variable WARTA_REDIS_URL) set, scheduler, request
# dupefilter, seeds and dedup state move to Redis (scrapy-redis) so several workers share one crawl.
# Without it this add-on does nothing and imports nothing Redis-related.
ADDONS = {"crawler.distributed.addon.RedisAddon": 0, "crawler.console.quiet.QuietConsole": 0}
REDIS_URL = os.environ.get("WARTA_REDIS_URL")
# Keys of the shared crawl and the shared state: <prefix>:<spider>:* and <prefix>:neardup:*.
WARTA_REDIS_PREFIX = "warta"
# An idle worker moves this many seeds at once into the shared queue.
WARTA_REDIS_SEED_BATCH = 1000
# A busy worker takes seeds this few at a time (0: CONCURRENT_REQUESTS), so they stay in other workers' reach.
WARTA_REDIS_START_BATCH = 0
# False: crawl only what operators push to the seed list, never the spider's own start requests.
WARTA_REDIS_OWN_SEEDS = True
# Seconds between a worker's heartbeats, and after which a silent worker no longer counts as busy.
WARTA_REDIS_HEARTBEAT = 0.5
WARTA_REDIS_WORKER_STALE_AFTER = 30.0
# An idle worker looks at the shared crawl every WARTA_REDIS_IDLE_POLL seconds and closes once it has looked
# finished (one atomic look: nothing queued, leased or seeded, no worker busy) for WARTA_REDIS_IDLE_CONFIRM.
# A look is 4 Redis round trips (~0.2 ms of CPU): every 50 ms an idle worker spends under 1% of a core, and
# takes new work (the other worker's sitemaps turned into articles) or closes within 50 ms of it.
WARTA_REDIS_IDLE_CONFIRM = 0.0
WARTA_REDIS_IDLE_POLL = 0.05

# Redis outages (crawler/distributed/link.py): a worker that loses Redis pauses and tries again after 0.5 s,
# then twice as long each time up to WARTA_REDIS_RETRY_MAX_DELAY s; still unreachable after
# WARTA_REDIS_OUTAGE_MAX s, it stops (exit 3, last line "Redis at … unreachable for 60 s: …"). One Redis
# call waits at most the connect and socket timeouts, so a dead server never holds the worker for long.
# A worker's leased requests go back to the queue once its heartbeat is WARTA_REDIS_WORKER_STALE_AFTER old.
WARTA_REDIS_OUTAGE_MAX = 60.0
WARTA_REDIS_RETRY_MAX_DELAY = 5.0
WARTA_REDIS_CONNECT_TIMEOUT = 2.0
WARTA_REDIS_SOCKET_TIMEOUT = 5.0

# Hostile input (crawler/middlewares/): every bad response counted as warta/bad_response/<reason>,
# Retry-After honoured, charset and truncation repaired. The redirect and decompression subclasses count
# what Scrapy's own would raise.
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.badresponse.BadResponseStats": 45,
    # Scrapy's offsite filter ignores ports: a portal spider's requests stay on the profile's origins.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.offsite.SiteOffsiteMiddleware": 50,
    # robots.txt Crawl-delay becomes the host's least download delay (Scrapy parses it, never applies it).
    "crawler.middlewares.crawldelay.CrawlDelayMiddleware": 105,
    "crawler.middlewares.retryafter.RetryAfterMiddleware": 560,
    "crawler.middlewares.truncation.TruncatedHtmlMiddleware": 565,
    # A page whose head cannot hold a meta refresh is not scanned for one (middlewares/metarefresh.py).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.metarefresh.QuickMetaRefreshMiddleware": 580,
    "crawler.middlewares.charset.CharsetRepairMiddleware": 570,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.badresponse.CountedHttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.badresponse.CountedRedirectMiddleware": 600,
    # A jar of at most WARTA_COOKIES_MAX cookies (middlewares/cookies.py): each request walks the whole jar.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "crawler.middlewares.cookies.BoundedCookiesMiddleware": 700,
}
# Longest wait a Retry-After may impose on a host (seconds); longer asks are capped and counted.
WARTA_RETRY_AFTER_MAX = 120
# Longest robots.txt Crawl-delay honoured (seconds); a longer one is capped and counted.
WARTA_CRAWL_DELAY_MAX = 60
# A robots.txt is read up to its last whole line within this many bytes, RFC 9309's parsing limit (0: all of
# it); every request is checked against every rule read, so an 8 MB file cost ~100 ms a request. A cut is
# counted and logged (crawler/middlewares/robotstxt.py).
ROBOTSTXT_PARSER = "crawler.middlewares.robotstxt.BoundedRobotParser"
WARTA_ROBOTSTXT_MAX_BYTES = 500 * 1024
# Cookies a crawl keeps at most (RFC 6265 asks for at least 50 a domain; 0: no bound): every request walks
# the whole jar, and a site that sets new tracking cookies on every page grew it without end. Cookies kept
# are still updated; a new one past the bound is counted as warta/cookies/dropped.
WARTA_COOKIES_MAX = 50

# Only HTTP(S): a `file:` or `ftp:` link on a hostile page must never be fetched. HTTP(S) through Scrapy's
# HTTP/1.1 handler with a bound on a response's headers (crawler/download_handler.py).
DOWNLOAD_HANDLERS = {
    "file": None,
    "ftp": None,
    "s3": None,
    "data": None,
    "http": "crawler.download_handler.BoundedHeadersDownloadHandler",
    "https": "crawler.download_handler.BoundedHeadersDownloadHandler",
}
# Bytes of status line and headers a response may hold (0: no bound); DOWNLOAD_MAXSIZE bounds only its
# body. Past it the download fails like a lost connection, retried, then counted as headers_too_large.
WARTA_MAX_HEADER_BYTES = 256 * 1024

ITEM_PIPELINES = {
    "pipelines.validate.ValidationPipeline": 100,
    "pipelines.dedup.DedupPipeline": 200,
    # Off unless WARTA_VALIDATE_SCHEMA: each line checked against the JSON Schema as the feed writes it.
    "pipelines.schema.SchemaValidationPipeline": 250,
    # A shared PostgreSQL table for every worker's articles; off (and psycopg not imported) without a DSN.
    "pipelines.postgres.PostgresPipeline": 300,
}
WARTA_POSTGRES_DSN = os.environ.get("WARTA_POSTGRES_DSN")
# The sink's table (a plain SQL identifier) and how many rows go in one transaction.
WARTA_POSTGRES_TABLE = "articles"
WARTA_POSTGRES_BATCH = 100
# Every row waits in <data>/outbox/postgres-<spider>.sqlite until PostgreSQL has committed it. While the
# server cannot be reached the sink tries again after RETRY_MIN seconds, doubling up to RETRY_MAX; at close
# it keeps trying for CLOSE_WAIT seconds, then rows still waiting fail the run (exit 3) and the next run
# writes them first. CONNECT_TIMEOUT bounds one connection attempt (libpq's least is 2 s).
WARTA_POSTGRES_RETRY_MIN = 0.5
WARTA_POSTGRES_RETRY_MAX = 10.0
WARTA_POSTGRES_CLOSE_WAIT = 15.0
WARTA_POSTGRES_CONNECT_TIMEOUT = 5.0
# Validation: a page whose clean body is shorter than this many characters is dropped as empty_body.
WARTA_MIN_BODY_CHARS = 80
# Runtime schema validation: each item is checked against crawler/schema/article.schema.json before it is
# exported; an invalid one is dropped (logged, counted as warta/dropped/schema_invalid; the run exits 3).
# Off: the item is typed and the tests validate the demo crawl's lines; on costs ~0.3 ms per item and
# needs jsonschema.
WARTA_VALIDATE_SCHEMA = False

# Where state and default exports live: one folder, relative to the working directory by default.
WARTA_DATA_DIR = os.environ.get("WARTA_DATA_DIR", "data")
# The folder of portal profiles (<name>.toml, one spider each); empty = the shipped crawler/portals/.
# Environment only (WARTA_PROFILES_DIR): the spiders are listed from it before any -s setting is read.
WARTA_PROFILES_DIR = os.environ.get("WARTA_PROFILES_DIR", "")
# The feed a run writes when neither FEEDS nor -o/-O names one (the spider adds it then: Scrapy merges
# FEEDS with the command line's, so a default here would also be written beside every -O file).
# ``data_dir`` is a read-only spider property, so a spider argument cannot move it.
WARTA_DEFAULT_FEED = "%(data_dir)s/exports/%(name)s-%(time)s.jsonl"
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORE_EMPTY = True
# One stable schema: the exported fields and their order (see crawler/schema/article.schema.json).
FEED_EXPORT_FIELDS = EXPORT_FIELDS
# Each line reaches the file whole, before the state store counts the article as exported.
FEED_EXPORTERS = {
    "jsonlines": "crawler.exports.exporters.LineAtomicJsonLinesExporter",
    "jsonl": "crawler.exports.exporters.LineAtomicJsonLinesExporter",
    "jl": "crawler.exports.exporters.LineAtomicJsonLinesExporter",
    # Nested fields (authors, mainImage, images, mentionedDates) as JSON text, not Python's repr.
    "csv": "crawler.exports.exporters.JsonNestedCsvExporter",
    "xml": "crawler.exports.exporters.JsonNestedXmlExporter",
    # The articles in zyte-common-items' Article shape (crawler/exports/zyte.py): -o out.jl:zyte_jsonlines
    "zyte_jsonlines": "crawler.exports.zyte.ZyteArticleJsonLinesExporter",
}

# Scheduled runs: articles fetched before are not fetched again unless a sitemap, news sitemap or feed
# says they changed; listings, feeds and sitemaps are read again once older than this many seconds.
WARTA_INCREMENTAL = True
WARTA_LISTING_TTL = 0
# A sitemap that answered 404 or 410 is remembered in the article state and not asked again for this many
# seconds (then once more, in case the portal brought it back); 0 = ask every run.
WARTA_GONE_SITEMAP_TTL = 7 * 24 * 3600

# Bounds on discovery (crawler/discovery/bounds.py), so a sitemap-index chain or a listing that always
# links a next page cannot keep a crawl running; each cut is counted as warta/discovery/cut/<reason>
# and shown in the run report.
WARTA_SITEMAP_MAX_DEPTH = 3  # index levels below a sitemap the profile or robots.txt names (0: none)
WARTA_SITEMAP_MAX_COUNT = 5000  # sitemap documents one crawl reads (0: no limit)
WARTA_LISTING_MAX_PAGES = 500  # pages of one listing, its start page included (0: no limit)
# Paging stops after this many pages in a row with nothing new: no article link the crawl's listings had
# not shown, or only links that turned out gone or failed (0: no limit).
WARTA_LISTING_STALE_PAGES = 3
# The article store (what was fetched and exported), an import path: one SQLite file per spider under
# WARTA_DATA_DIR/state; the Redis add-on names crawler.distributed.articles.RedisArticleStore instead.
WARTA_ARTICLE_STORE = "crawler.state.articles.SqliteArticleStore"
# The SQLite state (and the near-duplicate index) commits its records in groups of this many articles, and
# at least every half second: a commit per article cost more than the record. A kill loses at most one
# group of records, which export recovery redoes from the export's last lines (at most 32; 1: commit each).
WARTA_STATE_COMMIT_EVERY = 16
# ... and at least every this many seconds while the crawl runs: it bounds how long the near-duplicate
# index, shared by the data folder's other runs, stays locked for writing (0: by count alone).
WARTA_STATE_COMMIT_SECONDS = 0.5
# Memory per page is bounded whatever the page: extraction parses at most this many tags of a page (a
# parsed tree costs about 1 KB per element; real article pages have a few thousand), counted as
# warta/extract/cut_pages; an article body longer than this many characters is dropped and counted as
# warta/dropped/body_too_large (real articles stay far below; the near-duplicate step hashes the body).
WARTA_EXTRACT_MAX_TAGS = 50_000
# Worker processes that extract pages beside the crawl's own (crawler/extraction_workers.py): a crawl's
# callbacks and pipelines share one core, and extraction is a third of their CPU a page. "auto": one where
# the crawl's CPU sets its pace (DOWNLOAD_DELAY 0) and this process may use two cores or more; none for a
# polite crawl (it waits on the portal), a worker of a shared crawl in Redis (add crawl workers there), a
# look command, or where the platform cannot fork. 0 extracts in the crawl's own process.
WARTA_EXTRACT_WORKERS = "auto"
# Seconds a page may take in an extraction worker, counted from its hand-over (so a page queued behind a
# slow one counts its wait): past it the worker is killed and replaced and the page read again once
# (warta/extract/worker_timeouts), so a page, or a worker, that hangs cannot hold the crawl without end.
# Real pages take milliseconds, a hostile 8 MB one about a second. Extraction in the crawl's own process
# (WARTA_EXTRACT_WORKERS 0) cannot be interrupted and has no such bound.
WARTA_EXTRACT_TIMEOUT = 60.0
WARTA_MAX_BODY_CHARS = 500_000
# Near-duplicates: estimated Jaccard similarity of word trigrams at or above which two bodies are one story
# (a copy with a new headline, dateline and a quarter of its words edited scores ~0.55; distinct stories
# written to one template reach 0.25 on the demo portal; bench/dedup.py measures recall by threshold).
WARTA_NEARDUP_ENABLED = True
WARTA_NEARDUP_THRESHOLD = 0.35

LOG_LEVEL = os.environ.get("WARTA_LOG_LEVEL", "INFO")
# A quiet console (crawler/console/): Scrapy's start-up listings and stats dump only at -L DEBUG (or
# -s STATS_DUMP=True); a dropped item is one line, its URL and reason; `scrapy version -v` lists versions.
LOG_FORMATTER = "crawler.console.logformat.OneLineLogFormatter"
LOG_VERSIONS: list[str] = []
