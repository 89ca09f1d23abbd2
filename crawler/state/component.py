"""The crawl's article state as one component: the spider, the dedup pipelines and export recovery share it.

``WARTA_ARTICLE_STORE`` names the store class (the SQLite file per spider by default; the Redis add-on
names the Redis store). ``ArticleState.from_crawler`` opens it on the first call of a crawl and returns the
same object after, so every component reads one store without passing it through the spider. It is
closed once the engine stopped, not when the spider closes: the feeds store their files in the
``spider_closed`` handlers, and the run's records are committed or rolled back by what they report.
A spider that is not a Warta portal spider (``scrapy shell``, ``fetch``, ``bench``) keeps no article
state: ``from_crawler`` raises ``NotConfigured`` and the component asking for it steps aside. A portal
spider under a command that keeps no records (``scrapy parse``, ``check``: ``crawler/runmode.py``) reads
an empty store in memory, so its discovery callbacks run, and writes nothing to the data folder.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.profiles import is_portal_spider
from crawler.runmode import records_run
from crawler.state.articles import ArticleStore, SqliteArticleStore

_STATES: WeakKeyDictionary[Crawler, ArticleState] = WeakKeyDictionary()
MEMORY = ":memory:"  # SQLite's name for a database that lives and dies with its connection


class ArticleState:
    """Owns the article store of one crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.store: ArticleStore
        if records_run(crawler.settings):
            self.store = build_from_crawler(load_object(crawler.settings["WARTA_ARTICLE_STORE"]), crawler)
        else:
            self.store = SqliteArticleStore(MEMORY)
        self._closed = False
        crawler.signals.connect(self.close, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleState:
        """The crawl's one article state, opened on the first call."""
        if not is_portal_spider(crawler.spidercls):
            raise NotConfigured(
                f"{crawler.spidercls.__name__} is not a Warta portal spider: no article state"
            )
        state = _STATES.get(crawler)
        if state is None:
            state = _STATES[crawler] = cls(crawler)
        return state

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.store.close()
