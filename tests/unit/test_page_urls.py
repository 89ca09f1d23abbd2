"""URLs read from a page's markup (its canonical, its images): resolved as a browser resolves them, against
the page's ``<base href>`` when it has one, and at most ``MAX_URL_CHARS`` long: a longer one is no usable
address, and it made an export line, a state key and a search index's URL term of any size (a
100,000-character canonical came through whole)."""

from __future__ import annotations

from crawler.extract import extract
from crawler.extract.page_fields import web_url
from crawler.profiles import load_profile
from crawler.urls import MAX_URL_CHARS

URL = "https://jagatbisnis.com/2023/03/15/harga-cabai-naik-jelang-ramadan/"
IMAGE = "https://jagatbisnis.com/wp-content/uploads/2023/03/cabai.jpg"


def page(canonical: str, image: str) -> str:
    return f"""<html lang="id"><head><title>Harga Cabai Naik Jelang Ramadan - JagatBisnis</title>
<link rel="canonical" href="{canonical}"><meta property="og:image" content="{image}"></head>
<body><article class="jb-post"><h1 class="jb-post__title">Harga Cabai Naik Jelang Ramadan</h1>
<div class="jb-post__content"><figure><img src="{image}" alt="Cabai rawit"><figcaption>Cabai rawit di Pasar
Induk Kramat Jati. (Foto: JagatBisnis)</figcaption></figure><figure><img src="{IMAGE}" alt="Pedagang">
<figcaption>Pedagang cabai. (Foto: JagatBisnis)</figcaption></figure>
<p>Harga cabai rawit di sejumlah pasar tradisional di Jakarta naik hingga Rp 80.000 per kilogram menjelang
bulan Ramadan, menurut pantauan pedagang di Pasar Induk Kramat Jati.</p>
<p>Kepala Dinas Ketahanan Pangan mengatakan pasokan dari sentra produksi di Jawa Tengah berkurang.</p>
</div></article></body></html>"""


def test_a_canonical_or_image_url_past_the_bound_is_not_taken():
    huge_canonical = URL + "?ref=" + "a" * 100_000
    huge_image = IMAGE + "?v=" + "b" * 500_000
    for profile in (load_profile("jagatbisnis"), None):
        item = extract(page(huge_canonical, huge_image), URL, profile).item
        assert item.canonicalUrl == URL  # the page's own URL, as for a canonical that cannot be used
        assert item.mainImage is None or item.mainImage["url"] == IMAGE
        assert [image["url"] for image in item.images] == [IMAGE]


def test_urls_up_to_the_bound_are_kept():
    at_bound = URL + "?ref=" + "a" * (MAX_URL_CHARS - len(URL) - 5)
    assert len(at_bound) == MAX_URL_CHARS
    assert web_url(URL, at_bound) == at_bound
    assert web_url(URL, at_bound + "a") is None
    # the bound holds for the absolute URL too: a relative path joined to a long base
    assert web_url(URL, "x" * (MAX_URL_CHARS - 10)) is None


def test_relative_image_urls_resolve_against_the_pages_base_as_a_browser_does() -> None:
    base = '<base href="https://cdn.jagatbisnis.com/media/">'
    html = page(URL, "foto/cabai.jpg").replace("<title>", base + "<title>", 1)
    for profile in (load_profile("jagatbisnis"), None):
        item = extract(html, URL, profile).item
        assert [image["url"] for image in item.images] == [
            "https://cdn.jagatbisnis.com/media/foto/cabai.jpg",
            IMAGE,
        ]
        assert item.canonicalUrl == URL
    # a base that is no http(s) URL is no base: the page's own URL stands
    html = page(URL, "/wp-content/uploads/2023/03/cabai-rawit.jpg").replace(
        "<title>", '<base href="javascript:void(0)"><title>', 1
    )
    item = extract(html, URL, None).item
    assert item.images[0]["url"] == "https://jagatbisnis.com/wp-content/uploads/2023/03/cabai-rawit.jpg"
