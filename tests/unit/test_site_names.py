"""The site's own names (``crawler.extract.site_names``): one set learned from the page, asked two ways."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.extract.site_names import is_site_name, mentions_site, site_names


def test_names_come_from_the_declared_names_and_the_hosts() -> None:
    names = site_names(
        ["Liputan6.com", None, "CNN Indonesia"], ["showbiz.liputan6.com", "www.republika.co.id"]
    )
    assert names == {"liputan6com", "liputan6", "cnnindonesia", "republika"}


@pytest.mark.parametrize(
    ("host", "names"), [("127.0.0.1", set()), ("::1", set()), ("", set()), ("m.detik.com", {"detik"})]
)
def test_an_address_names_no_site(host: str, names: set[str]) -> None:
    # "127.0.0.1" would otherwise give a name "1", found inside any number
    assert site_names([], [host]) == names


@pytest.mark.parametrize(
    ("text", "mentions", "is_name"),
    [
        ("Kompas.com", True, True),
        ("KOMPAS", True, True),
        ("Kompas.com Regional", True, False),  # a title segment naming the site
        ("Kompas Cyber Media", True, False),  # the publisher credited as author
        ("KompasTV", True, True),
        ("Regional", False, False),
        ("Komentar", False, False),
    ],
)
def test_mentioning_the_site_and_being_its_name_differ(text: str, mentions: bool, is_name: bool) -> None:
    sites = site_names(["Kompas.com"], ["regional.kompas.com"])
    assert mentions_site(text, sites) is mentions
    assert is_site_name(text, sites) is is_name


def page(canonical: str) -> str:
    text = (
        "Mobil listrik itu mulai dijual di Indonesia pekan depan dengan harga lebih murah dari perkiraan. "
        "Menurut agen pemegang merek, pemesanan sudah dibuka sejak awal bulan dan peminatnya cukup banyak."
    )
    return (
        "<!doctype html><html lang='id'><head><title>Mobil listrik mulai dijual pekan depan</title>"
        f"<link rel='canonical' href='{canonical}'></head><body>"
        "<ul class='breadcrumb'><li><a href='/'>Home</a></li><li><a href='/'>Kompas</a></li></ul>"
        "<h1>Mobil listrik mulai dijual pekan depan</h1>"
        f"<div class='content'><p>{text}</p><p>{text}</p></div>"
        "</body></html>"
    )


def test_a_page_served_from_elsewhere_knows_its_site_by_the_url_it_declares() -> None:
    url = "http://127.0.0.1:8000/read/2016/02/16/14382361/mobil-listrik"
    declared = extract_article(page("http://otomotif.kompas.com/read/2016/02/16/14382361/mobil-listrik"), url)
    assert declared.section is None  # "Kompas" names the site: never a section
    undeclared = extract_article(page(""), url)
    assert undeclared.section == "Kompas"  # nothing says which site this is
