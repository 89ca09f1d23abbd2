"""The fields of schema version 2 (issue 14, "Schema conventions"): ``images``, ``publisher``,
``isAccessibleForFree`` and ``wordCount``, read from realistic pages: two pages of this project's own
(``tests/fixtures/extract``: a WordPress news page full of images that are not the story's, and a paywalled
page with schema.org's paywalled-content markup) and the real pages of ``../shared/real-pages``, whose
images, publishers and access were read off each page by hand (their truth file has no such fields)."""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

import pytest

from crawler.extract import article, extract_article, images
from crawler.extract.clean import word_count
from crawler.profiles import parse_profile
from tests.conftest import SHARED, needs_shared

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
IMAGES_URL = "https://www.suarapriangan.id/2025/06/18/banjir-rendam-ratusan-rumah-di-dayeuhkolot/"
PAYWALL_URL = (
    "https://www.hariannusantara.id/ekonomi/2025/06/19/arah-suku-bunga-setelah-rapat-dewan-gubernur-juni"
)
UPLOADS = "https://cdn.suarapriangan.id/wp-content/uploads/2025/06/"
# The story's three images: the lead (og:image, its caption from the JSON-LD ImageObject), a lazy-loaded
# figure, and a WordPress caption block linking to the full-size file.
STORY_IMAGES = [
    {
        "url": UPLOADS + "banjir-dayeuhkolot-1200x675.jpg",
        "caption": "Warga menembus banjir di Dayeuhkolot, Kabupaten Bandung, Rabu (18/6/2025).",
    },
    {
        "url": UPLOADS + "evakuasi-lansia-dayeuhkolot.jpg",
        "caption": "Petugas mengevakuasi warga lanjut usia dengan perahu karet di Desa Citeureup.",
    },
    {
        "url": UPLOADS + "peta-sebaran-banjir-bandung-800x600.png",
        "caption": "Peta sebaran banjir di Kabupaten Bandung per Rabu pagi. (Grafis: Suara Priangan)",
    },
]
SUARA_PRIANGAN = parse_profile(
    {
        "name": "suarapriangan",
        "title": "Suara Priangan",
        "base_url": "https://www.suarapriangan.id",
        "selectors": {"body": [".entry-content"]},
    }
)


def images_page() -> str:
    return (FIXTURES / "images_article.html").read_text(encoding="utf-8")


def paywalled_page() -> str:
    return (FIXTURES / "paywalled_article.html").read_text(encoding="utf-8")


# ---- images ------------------------------------------------------------------------------------------
def test_the_story_images_and_nothing_else_on_the_generic_path() -> None:
    html = images_page()
    item = extract_article(html, IMAGES_URL)
    assert item.extractedBy == "generic"
    assert item.images == STORY_IMAGES
    assert item.images[0] == item.mainImage
    # the premise: every kind of image that is not the story's is on the page
    for other in (
        "logo-suarapriangan.png",  # masthead logo
        "googlesyndication.com",  # leaderboard ad
        "gravatar.com/avatar",  # the author's avatar in the byline
        "icons/facebook.svg",  # share buttons
        "longsor-ciwidey-150x150.jpg",  # a "Baca Juga" thumbnail inside the body
        "promo-umroh-300x250.jpg",  # an ad inside the body
        "emoji/15.0.3",  # an emoji in a paragraph
        "pixel.wp.com",  # a tracking pixel
        "rina-marlina-96x96.jpg",  # the author box
        "hujan-deras-bandung-selatan-300x200.jpg",  # related articles, one of them in a <figure>
        "citarum-meluap-300x200.jpg",
        "persib-juara-300x200.jpg",  # the sidebar
        "banjir-dayeuhkolot-780x439.jpg",  # the lead photo again, at the size the page shows it
    ):
        assert other in html
        assert not any(other in image["url"] for image in item.images), other


def test_the_profile_path_finds_the_same_images_from_its_body_container() -> None:
    item = extract_article(images_page(), IMAGES_URL, SUARA_PRIANGAN)
    assert item.extractedBy == "profile"
    assert item.images == STORY_IMAGES


def test_a_page_without_images_has_none_and_a_lead_only_page_its_lead() -> None:
    html = images_page()
    start, end = html.index('<meta property="og:image"'), html.index("</body>")
    # no og:image, no JSON-LD image, no <img> at all
    bare = html[:start] + html[html.index(">", start) + 1 : html.index("<body")] + "<body>" + html[end:]
    bare = bare.replace('"image":{"@id"', '"imageGone":{"@id"')
    assert extract_article(bare, IMAGES_URL).images == []
    body = html[html.index('<div class="entry-content">') : html.index('<div class="post-tags">')]
    no_body_images = html.replace(body, "".join(p for p in body.split("\n") if "<img" not in p))
    item = extract_article(no_body_images, IMAGES_URL)
    assert item.images == STORY_IMAGES[:1] == [item.mainImage]


REAL_PAGES = SHARED / "real-pages"
needs_real_pages = needs_shared("real-pages", "truth.json")


@functools.cache
def real_truth() -> dict:
    """The real pages' truth, read when a test first asks (after its mark let it run)."""
    return json.loads((REAL_PAGES / "truth.json").read_text(encoding="utf-8"))


def real_item(page_id: str):
    html = gzip.decompress((REAL_PAGES / "pages" / f"{page_id}.html.gz").read_bytes())
    return extract_article(html, real_truth()[page_id]["url"])


LIPUTAN6 = "http://cdn{}-a.production.liputan6.static6.com/medias/"
GRAMMY = "_1455589131-20160215-Selena-Gomez-dan-Taylor-Swift-di-Grammy-Awards-2016-Reuters-{}.jpg"
# Read off each page: the lead, then the photos of the body in page order (captions where shown).
REAL_IMAGES = {
    # the body shows the lead at its original size (/ori/): one photo
    "anpandu-antara-singlepage": [
        "http://img.antaranews.com/new/2015/11/small/20151105antarafoto-pantau-semburan-gunung-rinjani-051115-bcs-2.jpg"
    ],
    "anpandu-kapanlagi-singlepage": [
        "http://cdn.klimg.com/kapanlagi.com/p/headline/476x238/brandon-salim-makin-dekat-dengan-sivia--e8991e.jpg",
        "http://cdn.klimg.com/resized/476x/p/brandon_nicholas_salim-20151105-002-akrom.jpg",
    ],
    # two photos from social media, each in a caption block of the body
    "anpandu-kapanlagi-singlepage3": [
        "http://cdn.klimg.com/kapanlagi.com/p/headline/180x90/bikin-gaduh-kota-rumah-penyanyi-ini-dig-c1994d.jpg",
        "https://pbs.twimg.com/profile_images/600421416635396098/KagzfU23.jpg",
        "https://igcdn-photos-b-a.akamaihd.net/hphotos-ak-xfp1/t51.2885-15/e35/12071079_1198492400164905_1239509080_n.jpg",
    ],
    # the poster (the lead) and two stills in the body; dozens of thumbnails of other stories left out
    "anpandu-liputan6-singlepage2": [
        LIPUTAN6.format(1) + "1111119/big/069523800_1452762027-poster_london_love_story.jpg",
        LIPUTAN6.format(0) + "1138239/big/079394200_1455172799-london_love_story_1.jpg",
        LIPUTAN6.format(0) + "1138242/big/082310300_1455172886-london_love_story_3.jpg",
    ],
    # a photo page: its five photos, each with its caption
    "anpandu-liputan6-singlepage3": [
        LIPUTAN6.format(1) + "1143078/big/042026000" + GRAMMY.format(1),
        LIPUTAN6.format(1) + "1143079/big/042228500" + GRAMMY.format(2),
        LIPUTAN6.format(1) + "1143082/big/042418100" + GRAMMY.format(4),
        LIPUTAN6.format(0) + "1143081/big-portrait/042325600" + GRAMMY.format(3),
        LIPUTAN6.format(1) + "1143083/big/042512600" + GRAMMY.format(5),
    ],
    "anpandu-viva-singlepage": [
        "http://media.viva.co.id/thumbs2/2016/02/16/365745_joey-alexander-di-grammy-awards-ke-58_641_452.jpg",
        "http://media.viva.co.id/thumbs2/2016/02/16/365752_taylor-swift-standing-ovation-untuk-joey-alexander_325_183.jpg",
        "http://media.viva.co.id/thumbs2/2016/02/16/365754_bruno-mars-standing-ovation-untuk-joey-alexander_325_183.jpg",
    ],
}


@needs_real_pages
@pytest.mark.parametrize("page_id", sorted(REAL_IMAGES))
def test_real_pages_list_their_own_photos(page_id: str) -> None:
    item = real_item(page_id)
    assert [image["url"] for image in item.images] == REAL_IMAGES[page_id]


@needs_real_pages
def test_real_captions_come_from_the_caption_beside_each_photo() -> None:
    kapanlagi = real_item("anpandu-kapanlagi-singlepage3").images
    assert kapanlagi[0]["caption"] is None
    assert kapanlagi[1]["caption"].startswith("Lebih dari 100 orang diundang ke acara ulang tahun")
    assert kapanlagi[2]["caption"].startswith("Charlotte Chruch berulang tahun dan mengadakan pesta")
    gallery = real_item("anpandu-liputan6-singlepage3")
    assert gallery.kind == "gallery"
    captions = [image["caption"] for image in gallery.images]
    assert captions[0].startswith("Penyanyi Taylor Swift (kanan) memeluk Selena Gomez")
    assert all(c and c.endswith("(REUTERS / Danny Moloshok)") for c in captions)


@needs_real_pages
def test_on_every_real_page_the_lead_comes_first_and_no_image_twice() -> None:
    for page_id in sorted(real_truth()):
        item = real_item(page_id)
        urls = [image["url"] for image in item.images]
        assert len(urls) == len(set(urls)), page_id
        assert item.images[:1] == ([item.mainImage] if item.mainImage else []), page_id
        assert not any("logo" in url.lower() or "/thumbnails/" in url for url in urls), page_id


@needs_real_pages
def test_the_generic_body_holder_found_among_the_finders_blocks_is_the_page_wide_one(monkeypatch) -> None:
    """``images`` looks for the holder of a body the generic finder read among the blocks it read it from,
    not by testing every ``<p>`` and text run of the page: on the fixture and on every real page read
    generically, it is the element the page-wide test finds."""
    holder = images._text_holder
    compared = []

    def both(root, body_text, blocks=None):
        found = holder(root, body_text, blocks)
        if blocks is not None:
            compared.append(found is holder(root, body_text))
        return found

    monkeypatch.setattr(images, "_text_holder", both)
    monkeypatch.setattr(article, "profile_for_url", lambda url: None)
    extract_article(images_page(), IMAGES_URL)
    for page_id in sorted(real_truth()):
        real_item(page_id)
    assert len(compared) > len(real_truth()) / 2
    assert all(compared)


# ---- publisher -----------------------------------------------------------------------------------------
# Read off each page: the JSON-LD publisher, else og:site_name, else the profile's title. okezone's first
# page names a channel's host as og:site_name (lifestyle.okezone.com): the profile's title is the name.
REAL_PUBLISHERS = {
    "anpandu-antara-singlepage": "ANTARA News",
    "anpandu-antara-singlepage5": "ANTARA",
    "anpandu-detik-singlepage": "detikinet",
    "anpandu-detik-singlepage2": "detikfinance",
    "anpandu-kapanlagi-singlepage": "KapanLagi.com",
    "anpandu-kompas-singlepage": "KOMPAS.com",
    "anpandu-kompas-singlepage4": "Kompas.com",
    "anpandu-liputan6-singlepage": "Liputan6.com",
    "anpandu-okezone-singlepage": "Okezone",
    "anpandu-okezone-singlepage2": "Okezone.com",
    "anpandu-republika-singlepage": "Republika Online",
    "anpandu-republika-singlepage3": "ihram.co.id",
    "anpandu-tempo-singlepage": "Tempo Gaya",
    "anpandu-tempoen-singlepage": "Tempo.co",
    "anpandu-viva-singlepage": None,  # no site name anywhere on the page, no profile
}


@needs_real_pages
@pytest.mark.parametrize("page_id", sorted(REAL_PUBLISHERS))
def test_real_pages_name_their_publisher(page_id: str) -> None:
    assert real_item(page_id).publisher == REAL_PUBLISHERS[page_id]


def test_the_publisher_follows_a_json_ld_reference_and_falls_back_in_order() -> None:
    html = images_page()
    assert extract_article(html, IMAGES_URL).publisher == "PT Suara Priangan Media"  # @id -> Organization
    no_jsonld = html.replace('"publisher":{"@id"', '"copyrightHolder":{"@id"')
    assert extract_article(no_jsonld, IMAGES_URL).publisher == "Suara Priangan"  # og:site_name
    meta = no_jsonld.replace("<head>", '<head>\n<meta name="publisher" content="Grup Media Priangan">')
    assert extract_article(meta, IMAGES_URL).publisher == "Grup Media Priangan"
    channel = no_jsonld.replace('content="Suara Priangan">', 'content="bandung.suarapriangan.id">')
    assert extract_article(channel, IMAGES_URL, SUARA_PRIANGAN).publisher == "Suara Priangan"  # profile
    # no profile: the name the <title> prints after the headline
    assert extract_article(channel, IMAGES_URL).publisher == "Suara Priangan"
    untitled = channel.replace(" - Suara Priangan</title>", "</title>")
    assert extract_article(untitled, IMAGES_URL).publisher == "bandung.suarapriangan.id"  # nothing better
    assert extract_article(paywalled_page(), PAYWALL_URL).publisher == "Harian Nusantara"


@pytest.mark.parametrize(
    ("declared", "publisher"),
    [
        # a name, then its slogan or its topics after a bar: the name
        (
            '<meta property="og:site_name" content="Suara Priangan | Kabar Bandung Raya Terkini">',
            "Suara Priangan",
        ),
        ('<meta property="og:site_name" content=" Suara Priangan | SuaraPriangan.id ">', "Suara Priangan"),
        # an account's handle is no display name: the next declaration (the <title>'s site name)
        ('<meta property="og:site_name" content="@suarapriangan">', "Suara Priangan"),
        # the blogging platform its template declares for every blog: the blog's own site name
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": {"name": "Blogger"}}'
            '</script><meta property="og:site_name" content="Kabar Priangan">',
            "Kabar Priangan",
        ),
    ],
)
def test_the_publisher_is_a_display_name(declared: str, publisher: str) -> None:
    html = images_page().replace('"publisher":{"@id"', '"copyrightHolder":{"@id"')
    html = html.replace('<meta property="og:site_name" content="Suara Priangan">', declared)
    assert declared in html
    assert extract_article(html, IMAGES_URL).publisher == publisher


# ---- isAccessibleForFree ------------------------------------------------------------------------------
def test_paywalled_content_markup_flags_the_article_not_free() -> None:
    html = paywalled_page()
    assert extract_article(html, PAYWALL_URL).isAccessibleForFree is False
    # the part marked not free decides, whatever the article node says
    part_only = html.replace(
        '"isAccessibleForFree": "False",\n  "hasPart"', '"isAccessibleForFree": true,\n  "hasPart"'
    )
    assert part_only != html
    assert extract_article(part_only, PAYWALL_URL).isAccessibleForFree is False
    free = part_only.replace('"isAccessibleForFree": "False",\n    "cssSelector"', '"cssSelector"')
    assert extract_article(free, PAYWALL_URL).isAccessibleForFree is True
    assert extract_article(images_page(), IMAGES_URL).isAccessibleForFree is True


@pytest.mark.parametrize(
    ("declaration", "expected"),
    [
        ('<meta property="article:content_tier" content="locked">', False),
        ('<meta property="article:content_tier" content="metered">', False),
        ('<meta property="article:content_tier" content="free">', True),
        ('<meta itemprop="isAccessibleForFree" content="false">', False),
        ('<meta itemprop="isAccessibleForFree" content="https://schema.org/True">', True),
        ('<meta itemprop="isAccessibleForFree" content="perhaps">', None),
        ("", None),
    ],
)
def test_other_declarations_of_access(declaration: str, expected: bool | None) -> None:
    html = paywalled_page()
    start = html.index('<script type="application/ld+json">')
    html = html[:start] + declaration + html[html.index("</script>", start) + len("</script>") :]
    assert extract_article(html, PAYWALL_URL).isAccessibleForFree is expected


@needs_real_pages
def test_no_real_page_declares_its_access() -> None:
    assert {real_item(page_id).isAccessibleForFree for page_id in real_truth()} == {None}


# ---- wordCount -------------------------------------------------------------------------------------------
def test_words_are_runs_holding_a_letter_or_digit() -> None:
    assert word_count("") == 0
    assert word_count("JAKARTA – Harga cabai naik Rp1,5 ribu (pia)") == 7  # the dash is no word
    assert word_count("Satu.\n\n• Dua  —  tiga_empat … lima") == 4
    assert word_count("Warga antre 2 jam") == 4


@needs_real_pages
def test_every_real_page_counts_the_words_of_its_body() -> None:
    for page_id in real_truth():
        item = real_item(page_id)
        body = item.articleBody
        assert item.wordCount == sum(1 for w in body.split() if any(c.isalnum() for c in w)), page_id
        assert item.wordCount > 20 or item.kind == "gallery", page_id


def test_broken_image_addresses_are_skipped_never_raised() -> None:
    hostile = "".join(
        f'<img src="{src}" width="640" height="480">'
        for src in (
            "http://[::1",  # a broken IPv6 host
            "javascript:alert(1)",
            "data:image/png;base64,iVBORw0KGgo=",
            "ftp://cdn.suarapriangan.id/x.jpg",
            "https://cdn.suarapriangan.id/\x07bell.jpg",
            "",
        )
    )
    html = images_page().replace('<div class="entry-content">', '<div class="entry-content">' + hostile)
    assert extract_article(html, IMAGES_URL).images == STORY_IMAGES
