"""Keyword metadata that names the site is the template's, not the article's: the site's own name is no
tag ("tribunnews", "Tribunnews.com" beside the story's terms), and a keyword list that names the site and
otherwise holds no word of the page's title or description (the same channel words on every page) gives
no tags, so the next layer (the page's ``keywords`` meta after a site-wide ``news_keywords``) is read. A
story's own keywords, with or without the site's name among them, stay the tags."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.profiles import load_profile

URL = "https://www.tribunnews.com/nasional/2024/05/28/prabowo-temui-megawati-di-teuku-umar"
GENERIC_URL = "https://www.kabarjakarta.com/nasional/2024/05/28/prabowo-temui-megawati-di-teuku-umar"
STORY_TERMS = "Prabowo Subianto, Megawati Soekarnoputri, PDIP"
TAGS = ["Prabowo Subianto", "Megawati Soekarnoputri", "PDIP"]


def page(head: str, site: str = "Tribunnews.com") -> str:
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Prabowo Temui Megawati di Teuku Umar - {site}</title>{head}
<meta name="description" content="Prabowo Subianto menemui Megawati di Teuku Umar, Senin malam.">
<meta property="article:published_time" content="2024-05-28T08:15:00+07:00"></head>
<body><div id="header"><ul class="menu"><li><a href="/nasional">Nasional</a></li></ul></div>
<div id="article"><h1 id="arttitle">Prabowo Temui Megawati di Teuku Umar</h1>
<div class="side-article txt-article">
<p>Presiden terpilih Prabowo Subianto menemui Ketua Umum PDIP Megawati Soekarnoputri di kediamannya di
Jalan Teuku Umar, Jakarta, Senin malam.</p>
<p>Pertemuan itu berlangsung tertutup selama dua jam dan membahas rencana koalisi pemerintahan mendatang,
kata sumber di partai.</p>
<p>Sekjen PDIP membenarkan pertemuan tersebut namun enggan merinci isi pembicaraan kedua tokoh.</p>
</div></div></body></html>"""


def tags(head: str) -> tuple[list[str], list[str]]:
    html = page(head)
    generic = page(head, "Kabar Jakarta").replace("Tribunnews.com", "KabarJakarta.com")
    generic = generic.replace("tribunnews", "kabarjakarta")
    return (
        extract_article(html, URL, load_profile("tribunnews"))["tags"],
        extract_article(generic, GENERIC_URL)["tags"],
    )


@pytest.mark.parametrize(
    "head",
    [
        f'<meta name="keywords" content="{STORY_TERMS}, tribunnews, Tribunnews.com">',
        f'<meta name="news_keywords" content="tribunnews, berita terkini, berita hari ini">'
        f'<meta name="keywords" content="{STORY_TERMS}">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "keywords": "Tribunnews.com, news"}'
        f'</script><meta name="keywords" content="{STORY_TERMS}">',
        f'<meta name="news_keywords" content="Tribunnews.com, politik, ekonomi, olahraga, seleb">'
        f'<meta name="keywords" content="{STORY_TERMS}">',
    ],
)
def test_the_sites_name_and_its_template_keywords_are_no_tags(head: str) -> None:
    assert tags(head) == (TAGS, TAGS)


def test_a_site_wide_keyword_list_alone_gives_no_tags() -> None:
    head = '<meta name="keywords" content="Tribunnews.com, berita terkini, politik, ekonomi, olahraga">'
    assert tags(head) == ([], [])


def test_keywords_without_the_sites_name_are_read_as_before() -> None:
    head = '<meta name="keywords" content="Koalisi, Pemerintahan Baru, Pilpres 2024">'
    assert tags(head) == (["Koalisi", "Pemerintahan Baru", "Pilpres 2024"],) * 2
