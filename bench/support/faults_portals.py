"""The portals bench/faults.py crawls: the demo portal with extra pages among its articles, and the demo
portal holding its article pages at a valve so a fault lands while requests are in flight.

Each is the demo portal of ``demoportal.server`` (its truth still holds); what a scenario adds is served
beside the articles, never instead of them.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from demoportal.routes import HTML, Response
from demoportal.server import DemoServer

ARTICLE_PATH = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/$")
# Longest a portal holds a page (a gate that is never opened must not hang the bench: runs are bounded
# far below this anyway, and the portal opens every gate when it stops).
HOLD_SECONDS = 600.0


class ExtraPagesPortal(DemoServer):
    """The demo portal plus ``pages`` (path -> HTML bytes), each linked from the home page, where the
    profile's listing finds it. ``set_pages`` changes them between runs.

    While ``discovery`` is an event not yet set, every other discovery document (sitemaps, feed, listing
    pages after the home page) waits for it: the extra pages and the home page's articles come first.
    """

    def __init__(self, pages: dict[str, bytes], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.pages = dict(pages)
        self.discovery: threading.Event | None = None

    def set_pages(self, pages: dict[str, bytes]) -> None:
        self.pages = dict(pages)

    def respond(self, target: str) -> Response:
        path = urlsplit(target).path
        if path in self.pages:
            return Response(200, HTML, self.pages[path])
        first = path in ("/", "/robots.txt") or ARTICLE_PATH.match(path)
        if self.discovery is not None and not first:
            self.discovery.wait(HOLD_SECONDS)
        answer = super().respond(target)
        if path == "/" and answer.status == 200 and self.pages:
            links = "".join(f'<a href="{p}">Berita</a>\n' for p in self.pages).encode()
            body = answer.body.replace(b"</body>", links + b"</body>", 1)
            return Response(answer.status, answer.content_type, body, dict(answer.headers))
        return answer

    def stop(self) -> None:
        if self.discovery is not None:
            self.discovery.set()
        super().stop()


class ValvePortal(DemoServer):
    """The demo portal that answers nothing until ``ready()`` holds (every worker joined the crawl), then
    holds article pages after the first ``hold_after`` until ``valve`` opens.

    The fault is injected while pages are held, so it lands mid-crawl with requests in flight however fast
    or slow the machine is. ``held`` counts requests waiting at the valve; with ``hold_all`` every page
    is held once holding starts, so a worker can be caught with nothing in hand but requests at the valve.
    """

    def __init__(
        self,
        hold_after: int,
        ready: Callable[[], bool] | None = None,
        hold_all: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.hold_after = hold_after
        self.hold_all = hold_all  # once holding, hold every page (listings and sitemaps too)
        self.ready = ready
        self.gate = threading.Event()
        self.valve = threading.Event()
        self._count = threading.Lock()
        self.articles_answered = 0
        self.held = 0

    def respond(self, target: str) -> Response:
        if self.ready is not None and not self.gate.is_set():
            deadline = time.monotonic() + HOLD_SECONDS
            while not self.gate.is_set() and time.monotonic() < deadline:
                if self.ready():
                    self.gate.set()
                else:
                    time.sleep(0.05)  # polls the workers' table for the condition, not a delay
        article = ARTICLE_PATH.match(urlsplit(target).path) is not None
        if article or self.hold_all:
            with self._count:
                self.articles_answered += article
                hold = self.articles_answered > self.hold_after and not self.valve.is_set()
                self.held += hold
            if hold:
                self.valve.wait(HOLD_SECONDS)
        return super().respond(target)

    def open(self) -> None:
        """Let every held and later page through."""
        self.hold_after = 10**9
        self.valve.set()

    def stop(self) -> None:
        self.gate.set()
        self.valve.set()
        super().stop()


PITCHES = (
    "Dapatkan hadiah jutaan rupiah hari ini juga dengan mengunjungi situs kami dan mendaftar sekarang. "
    "Penawaran terbatas hanya untuk seratus pendaftar pertama, jangan sampai ketinggalan kesempatan emas "
    "ini karena tidak akan datang dua kali dalam hidup anda.",
    "Obat herbal ajaib ini menyembuhkan segala penyakit dalam tiga hari tanpa efek samping apa pun. Ribuan "
    "pelanggan puas telah membuktikannya, pesan sekarang melalui pesan singkat dan nikmati potongan harga "
    "khusus bagi pembeli yang memesan sebelum tengah malam.",
)


def poisoned_page(victim_url: str, number: int) -> bytes:
    """An article page of the portal whose ``rel=canonical`` names another, real article (the victim)
    while its own text is an advertisement (``PITCHES[number % 2]``): the poisoning of issue 12, item 15."""
    pitch = PITCHES[number % len(PITCHES)]
    return (
        '<html lang="id"><head><meta charset="utf-8"><title>Promo hebat</title>'
        f'<link rel="canonical" href="{victim_url}"></head><body>'
        f'<h1 class="entry-title">Promo hebat nomor {number} untuk pembaca setia</h1>'
        '<time class="entry-date published" datetime="2023-03-16T10:00:00+07:00">16 Maret 2023</time>'
        f'<div class="entry-content"><p>{pitch}</p><p>{pitch}</p></div></body></html>'
    ).encode()
