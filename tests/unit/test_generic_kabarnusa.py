"""The second demo portal (KabarNusa, no profile) through the generic layers only: every article's
headline, body, tags and datePublished as its truth says. Its pages carry what trips a generic reader:
comments with their own ``<time>``, a visible date line in WITA/WIT, category links marked
``rel="category tag"``, and pages whose only timestamp is the visible line.
"""

from __future__ import annotations

import pytest

from crawler.extract import extract, extract_article

pytest.importorskip("demoportal.site")
from demoportal.routes import Router
from demoportal.site import build_site
from demoportal.themes import get_theme
from demoportal.truth import expected_items

BASE = "http://127.0.0.1:8000"
FIELDS = ("headline", "articleBody", "tags", "datePublished")


def _kabarnusa_pages() -> list[tuple[dict, str]]:
    site = build_site(portal="kabarnusa")
    router = Router(site, get_theme("jagat"), BASE)
    pages = []
    for truth in expected_items(site, BASE):
        response = router.resolve(truth["url"][len(BASE) :])
        assert response.status == 200, truth["url"]
        pages.append((truth, response.body.decode("utf-8")))
    return pages


PAGES = _kabarnusa_pages()


def test_the_portal_has_the_pages_that_trip_a_generic_reader() -> None:
    """Guards the test's own premise, so a portal change cannot make it pass vacuously."""
    assert len(PAGES) >= 50
    assert sum("pukul 10.15</time>" in html for _, html in PAGES) >= 5  # comment times
    assert sum(" WITA<" in html or " WIT<" in html for _, html in PAGES) >= 3
    assert all('rel="category tag"' in html for _, html in PAGES)


@pytest.mark.parametrize(("truth", "html"), PAGES, ids=[t["url"][len(BASE) :] for t, _ in PAGES])
def test_generic_extraction_matches_the_truth(truth: dict, html: str) -> None:
    item = extract_article(html, truth["url"], None)
    assert item["extractedBy"] == "generic"
    for field in FIELDS:
        assert item[field] == truth[field], field


# ---- the rules on their own, on small pages ------------------------------------------------------------
def _page(article: str, *, header: str = "", after: str = "") -> str:
    paragraphs = "".join(
        f"<p>Kalimat ke-{i} dari berita ini cukup panjang untuk dibaca sebagai paragraf isi berita.</p>"
        for i in range(6)
    )
    return f"""<!doctype html><html lang="id"><head><title>Judul Berita</title></head><body>
<header class="site-header">{header}</header><main><article><h1>Judul Berita</h1>{article}
<div class="post-body">{paragraphs}</div>{after}</article></main>
<aside class="sidebar"><span class="popular-date">Senin, 1 Januari 2024 08:00 WIB</span></aside>
</body></html>"""


URL = "https://contoh.example/berita/judul-berita/"


def test_a_comment_time_is_not_the_article_date() -> None:
    comments = (
        '<section id="comments" class="comments-area"><ol><li class="comment"><footer class="comment-meta">'
        "<b>Andre</b> <time>16/11/2022 pukul 10.15</time></footer><p>Setuju.</p></li></ol></section>"
    )
    line = '<div class="meta"><span class="article-date">Rabu, 16 November 2022 16:39 WIB</span></div>'
    item = extract_article(_page(line, after=comments), URL)
    assert item["datePublished"] == "2022-11-16T16:39:00+07:00"
    assert item["datePublishedSource"] == "visible"


def test_the_masthead_date_of_today_is_not_the_article_date() -> None:
    item = extract_article(_page("", header='<span class="today-date">Sabtu, 28 November 2026</span>'), URL)
    assert item["datePublished"] is None


def test_the_zone_of_the_visible_line_applies_to_the_meta_time() -> None:
    head_meta = '<meta property="article:published_time" content="2023-02-10T03:39:21+00:00">'
    line = '<span class="post-date-line">Jumat, 10 Feb 2023 12:39 WIT</span>'
    html = _page(line).replace("<title>", head_meta + "<title>")
    assert extract_article(html, URL)["datePublished"] == "2023-02-10T12:39:21+09:00"


def test_category_links_are_not_tags() -> None:
    tags = (
        '<div class="cat"><a href="/category/olahraga/" rel="category tag">Olahraga</a></div>'
        '<div class="tags"><a href="/tag/liga-1/" rel="tag">Liga 1</a> '
        '<a href="/tag/bandung/" rel="tag">Bandung</a></div>'
    )
    item = extract_article(_page("", after=tags), URL)
    assert item["tags"] == ["Liga 1", "Bandung"]
    assert item["section"] == "Olahraga"


def test_counting_date_disagreements_never_changes_the_chosen_date() -> None:
    """Counting reads every date source; the choice must stay the one made from the first that parses."""
    fields = ("datePublished", "datePublishedRaw", "datePublishedSource")
    for truth, html in PAGES:
        plain = extract_article(html, truth["url"], None)
        full = extract(html, truth["url"], None)
        assert full.date_disagreements >= 0
        assert [plain[f] for f in fields] == [full.item[f] for f in fields], truth["url"]
