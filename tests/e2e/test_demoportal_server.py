"""The demo portal served on 127.0.0.1: its pages, sitemaps, feed, REST API and command line agree with its
truth (the generated site and truth themselves, in-process: tests/unit/test_demoportal.py)."""

from __future__ import annotations

import json
import re
import signal
import socket
import struct
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from parsel import Selector

from demoportal.server import DemoServer
from demoportal.site import build_site
from demoportal.truth import expected_items
from tests.unit.test_demoportal import _restored, _seed_lines

ROOT = Path(__file__).resolve().parents[2]
SEED_PATH = "/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
ARTICLE_PATH = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/$")


def fetch(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8"), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8"), dict(e.headers)


@pytest.fixture(scope="module")
def server():
    with DemoServer(slow_delay=0.2) as srv:
        yield srv


@pytest.fixture(scope="module")
def site():
    return build_site()


# ----- server and listings ---------------------------------------------------------------------------


def test_two_servers_get_their_own_free_ports(server):
    with DemoServer() as other:
        assert other.base_url != server.base_url
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", other.base_url)
        assert fetch(other.base_url + "/robots.txt")[0] == 200


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="TCP_INFO of a listening socket is Linux's")
def test_listen_backlog_holds_two_crawlers_connecting_at_once(server):
    """Python's default backlog, 5, made the kernel drop the SYNs of two workers opening their connections
    at once, and each dropped connection waited for the client's 1 s SYN timeout. For a listening socket,
    Linux reports its backlog in ``tcpi_sacked`` (the seventh field of ``struct tcp_info``)."""
    info = server._httpd.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    backlog = struct.unpack_from("I", info, 28)[0]
    limit = int(Path("/proc/sys/net/core/somaxconn").read_text())  # the kernel's cap on any backlog
    assert backlog >= min(128, limit)


def test_home_listing_pages_through_every_article(server):
    seen: list[str] = []
    url = server.base_url + "/"
    pages = 0
    while url:
        status, html, _ = fetch(url)
        assert status == 200
        sel = Selector(html)
        seen += sel.css("h2.jb-card__title a::attr(href)").getall()
        nxt = sel.css("a.next.page-numbers::attr(href)").get()
        url = server.base_url + nxt if nxt else ""
        pages += 1
    assert pages == -(-len(server.site.articles) // 10)
    assert len(seen) == len(set(seen)) == len(server.site.articles)
    assert all(ARTICLE_PATH.match(p) for p in seen)


def test_category_tag_author_and_date_archives_list_their_articles(server, site):
    seed = site.seed_article
    for listing in (
        "/category/internasional/",
        "/tag/rusia/",
        "/author/pia-lestari/",
        "/2022/",
        "/2022/03/",
        "/2022/03/15/",
    ):
        status, html, _ = fetch(server.base_url + listing)
        assert status == 200, listing
        links = Selector(html).css(".jb-card__title a::attr(href)").getall()
        if listing in ("/2022/03/15/", "/2022/03/"):
            assert seed.path in links
    status, html, _ = fetch(server.base_url + "/category/ekonomi/page/2/")
    assert status == 200
    assert Selector(html).css("a.prev.page-numbers::attr(href)").get() == "/category/ekonomi/"
    assert fetch(server.base_url + "/category/ekonomi/page/999/")[0] == 404


def test_missing_article_is_linked_and_answers_404(server):
    html = fetch(server.base_url + "/")[1]
    assert server.site.missing_path in Selector(html).css("a::attr(href)").getall()
    assert fetch(server.base_url + server.site.missing_path)[0] == 404


def test_flaky_article_fails_once_per_server_instance(server):
    path = server.site.flaky_path
    assert fetch(server.base_url + path)[0] == 500
    assert fetch(server.base_url + path)[0] == 200
    assert fetch(server.base_url + path)[0] == 200
    with DemoServer(slow_delay=0) as fresh:
        assert fetch(fresh.base_url + path)[0] == 500
        assert fetch(fresh.base_url + path)[0] == 200


def test_slow_article_is_delayed_by_the_configured_amount(server, tmp_path):
    log = tmp_path / "requests.jsonl"
    with DemoServer(slow_delay=0.1, request_log=log) as srv:
        assert fetch(srv.base_url + srv.site.slow_path)[0] == 200
        assert fetch(srv.base_url + SEED_PATH)[0] == 200
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert entries[0] == {"method": "GET", "path": srv.site.slow_path, "status": 200, "delayed": 0.1}
    assert entries[1] == {"method": "GET", "path": SEED_PATH, "status": 200}


def test_tracking_link_and_amp_copy(server, site):
    status, html, _ = fetch(server.base_url + "/")
    tracked = [h for h in Selector(html).css("a::attr(href)").getall() if "utm_source=" in h]
    assert tracked == [site.tracked_url_path]
    status, page, _ = fetch(server.base_url + tracked[0])
    assert status == 200
    path = tracked[0].split("?")[0]
    assert Selector(page).css("link[rel=canonical]::attr(href)").get() == server.base_url + path
    status, amp, _ = fetch(server.base_url + path + "amp/")
    assert status == 200
    assert Selector(amp).css("link[rel=canonical]::attr(href)").get() == server.base_url + path
    assert Selector(page).css("link[rel=amphtml]::attr(href)").get() == server.base_url + path + "amp/"


# ----- the seed article ------------------------------------------------------------------------------


def test_seed_page_reproduces_the_seed_text(server):
    lines = _seed_lines()
    status, html, _ = fetch(server.base_url + SEED_PATH)
    assert status == 200
    sel = Selector(html)
    assert sel.css("h1.jb-post__title::text").get() == lines[0]
    paras = [p.xpath("string()").get() for p in sel.css("div.jb-post__content p")]
    assert paras == _restored(lines[1:])
    content = sel.css("div.jb-post__content")
    assert content.css("p a[href='/tag/rusia/']::text").get() == "Rusia"
    assert content.css("p a[href='/tag/ukraina/']::text").get() == "Ukraina"
    assert paras[0].startswith("JagatBisnis.com –\xa0Pemerintah")
    assert paras[-2].endswith("laporan senjata (pia)")
    inserts = [p for p in content.css("p") if p.xpath("string()").get().startswith("Baca Juga :")]
    assert len(inserts) == 3
    for p in inserts:
        href = p.css("a::attr(href)").get()
        assert ARTICLE_PATH.match(href) and fetch(server.base_url + href)[0] == 200
    assert content.css("div#MIXADV_1234.MIXADVERT_NET").get()
    assert content.css("script[src*=mixadvert]").get()


def test_seed_page_meta(server):
    html = fetch(server.base_url + SEED_PATH)[1]
    sel = Selector(html)
    assert (
        sel.css("meta[property='article:published_time']::attr(content)").get() == "2022-03-15T01:12:40+00:00"
    )
    assert sel.css("link[rel=canonical]::attr(href)").get() == server.base_url + SEED_PATH
    graph = json.loads(sel.css("script.yoast-schema-graph::text").get())["@graph"]
    assert graph[0]["datePublished"] == "2022-03-15T01:12:40+00:00"
    assert sel.css(".jb-post__author a::text").get() == "Pia Lestari"
    assert sel.css(".jb-post__category a::text").get() == "Internasional"
    assert "Selasa, 15 Maret 2022 - 08:12 WIB" in sel.css("span.jb-post__date::text").get()


# ----- sitemaps, feed, robots ------------------------------------------------------------------------


def _xml(server, path: str) -> ET.Element:
    status, text, _ = fetch(server.base_url + path)
    assert status == 200, path
    return ET.fromstring(text.encode("utf-8"))


def test_post_sitemaps_list_every_article_exactly_once(server):
    index = _xml(server, "/sitemap_index.xml")
    maps = [(s.findtext(f"{SM}loc"), s.findtext(f"{SM}lastmod")) for s in index.iter(f"{SM}sitemap")]
    assert all(last for _, last in maps)
    posts = [loc for loc, _ in maps if "/post-sitemap" in loc]
    assert len(posts) >= 2
    assert {loc.rsplit("/", 1)[1] for loc, _ in maps} >= {
        "post-sitemap.xml",
        "post-sitemap2.xml",
        "page-sitemap.xml",
        "category-sitemap.xml",
    }
    counts: Counter[str] = Counter()
    for loc in posts:
        root = _xml(server, loc.removeprefix(server.base_url))
        for url in root.iter(f"{SM}url"):
            assert url.findtext(f"{SM}lastmod")
            counts[url.findtext(f"{SM}loc")] += 1
    expected = {server.base_url + a.path for a in server.site.articles}
    assert set(counts) == expected
    assert set(counts.values()) == {1}
    cats = _xml(server, "/category-sitemap.xml")
    assert len(list(cats.iter(f"{SM}url"))) == 5
    assert len(list(_xml(server, "/page-sitemap.xml").iter(f"{SM}url"))) >= 2


def test_news_sitemap_has_recent_articles_with_publication_dates(server):
    root = _xml(server, "/news-sitemap.xml")
    urls = list(root.iter(f"{SM}url"))
    assert urls
    newest = server.site.newest_first[0]
    assert urls[0].findtext(f"{SM}loc") == server.base_url + newest.path
    for url in urls:
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", url.findtext(f"{NEWS}news/{NEWS}publication_date")
        )


def test_feed_is_rss_with_the_latest_twenty(server):
    root = _xml(server, "/feed/")
    assert root.tag == "rss" and root.get("version") == "2.0"
    links = [i.findtext("link") for i in root.iter("item")]
    assert links == [server.base_url + a.path for a in server.site.newest_first[:20]]


def test_robots_disallows_a_path_that_a_listing_links_to(server):
    robots = fetch(server.base_url + "/robots.txt")[1]
    assert f"Sitemap: {server.base_url}/sitemap_index.xml" in robots
    assert "Disallow: /wp-admin/" in robots
    disallowed = [
        line.split(":", 1)[1].strip() for line in robots.splitlines() if line.startswith("Disallow:")
    ]
    hrefs = Selector(fetch(server.base_url + "/")[1]).css("a::attr(href)").getall()
    assert any(h.startswith(d) for h in hrefs for d in disallowed)


# ----- command line ----------------------------------------------------------------------------------


def test_cli_serve_prints_its_url_and_stops_on_sigterm(tmp_path):
    log = tmp_path / "log.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "demoportal",
            "serve",
            "--port",
            "0",
            "--theme",
            "drift",
            "--request-log",
            str(log),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        status, html, _ = fetch(url + SEED_PATH)
        assert status == 200 and "jb-post" not in html
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    assert json.loads(log.read_text().splitlines()[0]) == {"method": "GET", "path": SEED_PATH, "status": 200}


def test_cli_truth_prints_json_lines():
    out = subprocess.run(
        [sys.executable, "-m", "demoportal", "truth", "--base-url", "http://127.0.0.1:8000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    items = [json.loads(line) for line in out.splitlines()]
    assert len(items) >= 300
    assert items[0]["url"].startswith("http://127.0.0.1:8000/")


# ----- clock and deny --------------------------------------------------------------------------------


def test_server_clock_moves_over_http(site):
    start = site.now - timedelta(days=2)
    with DemoServer(now=start, slow_delay=0) as srv:
        hidden = next(a for a in site.articles if a.published > start)
        assert fetch(srv.base_url + hidden.path)[0] == 404
        request = urllib.request.Request(srv.base_url + "/__demo__/clock?advance=172800", method="POST")
        with urllib.request.urlopen(request) as r:
            answer = json.loads(r.read())
        assert answer["articles"] == len(site.articles)
        assert fetch(srv.base_url + hidden.path)[0] == 200
        old, new = next(iter(srv.site.redirects.items()))
        status, _, _ = fetch(srv.base_url + old)  # urllib follows the 301
        assert status == 200 and srv.requests[-1]["path"] == new
        assert fetch(srv.base_url + "/post-sitemap.xml")[1].count("<loc>") > 0


def test_deny_mode_refuses_everything():
    with DemoServer(deny=403) as srv:
        assert fetch(srv.base_url + "/")[0] == 403
        assert fetch(srv.base_url + SEED_PATH)[0] == 403
        assert [r["status"] for r in srv.requests] == [403, 403]


def test_hostile_mode_sets_traps_but_keeps_the_articles(site):
    with DemoServer(hostile=True, slow_delay=0) as srv:
        statuses = []
        html = ""
        for _ in range(9):
            status, body, headers = fetch(srv.base_url + "/")
            statuses.append(status)
            html = body if status == 200 else html
            if status == 429:
                assert headers["Retry-After"] == "1"
        assert statuses.count(429) == 1
        # the calendar leads month after month into the past
        url = Selector(html).css("nav.wp-calendar-nav a::attr(href)").get()
        months = []
        for _ in range(5):
            status, page, _ = fetch(srv.base_url + url)
            if status == 429:
                continue
            assert status == 200
            months.append(url)
            url = Selector(page).css("nav.wp-calendar-nav a::attr(href)").get()
        assert len(set(months)) == len(months) >= 4
        # comment reply links give the same article under another query; its canonical stays clean
        a = next(x for x in site.articles if x.id % 3 == 0)
        page = next(p for s, p, _ in (fetch(srv.base_url + a.path) for _ in range(3)) if s == 200)
        reply = Selector(page).css("a.comment-reply-link::attr(href)").get()
        assert reply.startswith(a.path + "?replytocom=")
        # unknown paths are soft 404s, the deleted article still a hard one
        statuses = {fetch(srv.base_url + "/tidak/ada/")[0], fetch(srv.base_url + "/tidak/ada/")[0]}
        assert 200 in statuses and 404 not in statuses
        statuses = {fetch(srv.base_url + site.missing_path)[0] for _ in range(2)}
        assert 404 in statuses and 200 not in statuses


def test_second_portal_syndicates_one_jagatbisnis_article(site):
    with DemoServer(portal="kabarnusa", slow_delay=0) as srv:
        mirror = srv.site
        assert mirror.brand.name == "KabarNusa.id" and len(mirror.articles) >= 50
        copies = [a for a in mirror.articles if a.source == "JagatBisnis.com"]
        assert len(copies) == 1
        copy = copies[0]
        original = next(a for a in site.articles if a.body_text == copy.body_text)
        assert copy.published > original.published
        html = fetch(srv.base_url + copy.path)[1]
        assert "Artikel ini telah tayang di JagatBisnis.com" in html and "MIXADVERT" not in html
        items = expected_items(mirror, srv.base_url)
        item = next(i for i in items if i["url"] == srv.base_url + copy.path)
        assert item["portal"] == "127.0.0.1"
        assert item["source"] == "JagatBisnis.com"
        others = {a.body_text for a in mirror.articles if a is not copy}
        assert not others & {a.body_text for a in site.articles}
        robots = fetch(srv.base_url + "/robots.txt")[1]
        assert f"Sitemap: {srv.base_url}/sitemap_index.xml" in robots


def test_split_pages_serve_long_posts_over_pages_whose_union_is_the_truth():
    with DemoServer(split_pages=True, slow_delay=0) as srv:
        split = [a for a in srv.site.articles if a.page_count > 1]
        assert sorted(a.page_count for a in split) == [2, 2, 3]
        truth = {i["url"]: i for i in expected_items(srv.site, srv.base_url)}
        for a in split:
            texts: list[str] = []
            url = srv.base_url + a.path
            pages = 0
            while url:
                status, html, _ = fetch(url)
                assert status == 200
                sel = Selector(html)
                assert sel.css("link[rel=canonical]::attr(href)").get() == url
                texts += [p.xpath("string()").get() for p in sel.css("div.jb-post__content > p")]
                nxt = sel.css("link[rel=next]::attr(href)").get()
                url = nxt or ""
                pages += 1
            assert pages == a.page_count
            page_text = "\n".join(texts)
            assert truth[srv.base_url + a.path]["articleBody"] == a.body_text
            for para in a.paragraphs:
                if not any(part.kind == "noise" for part in para.parts):
                    assert para.text in page_text
        assert fetch(srv.base_url + split[0].path + "9/")[0] == 404
    plain = build_site()
    assert all(a.page_count == 1 for a in plain.articles)


def test_clock_refuses_naive_or_too_early_times(site):
    with pytest.raises(ValueError, match="aware"):
        site.at(datetime(2023, 1, 1))
    with pytest.raises(ValueError, match="before the first post"):
        site.at(site.timeline[0].published - timedelta(days=1))
    with DemoServer(slow_delay=0) as srv:
        request = urllib.request.Request(
            srv.base_url + "/__demo__/clock?now=2023-01-01T00:00:00", method="POST"
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(request)
        assert err.value.code == 400
        assert srv.site.now == site.now


def test_rest_api_pages_through_every_post(server):
    seen = []
    page, total_pages = 1, None
    while total_pages is None or page <= total_pages:
        with urllib.request.urlopen(f"{server.base_url}/wp-json/wp/v2/posts?per_page=100&page={page}") as r:
            total_pages = int(r.headers["X-WP-TotalPages"])
            assert int(r.headers["X-WP-Total"]) == len(server.site.articles)
            posts = json.loads(r.read())
        seen += [p["link"] for p in posts]
        page += 1
    assert seen == [server.base_url + a.path for a in server.site.newest_first]
    assert fetch(f"{server.base_url}/wp-json/wp/v2/posts?per_page=100&page={page}")[0] == 400
    assert fetch(f"{server.base_url}/wp-json/wp/v2/posts?per_page=500")[0] == 400
    first = json.loads(fetch(server.base_url + "/wp-json/wp/v2/posts?per_page=1")[1])[0]
    newest = server.site.newest_first[0]
    assert first["title"]["rendered"] == newest.headline
    assert first["date_gmt"] == newest.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
