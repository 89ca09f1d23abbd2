"""A portal profile's URL patterns cannot hang the crawl: they run in the ``regex`` module, which reads
natural nested-quantifier patterns in linear time where Python's ``re`` backtracks for minutes; a pattern
that still backtracks exponentially is refused when the profile loads; and a search past its time bound
raises ``PatternTimeout`` naming the pattern, instead of holding the callback."""

from __future__ import annotations

import pytest

from crawler import profile_patterns
from crawler.profile_patterns import PatternTimeout, ProfilePattern, pattern_problem
from crawler.profiles import ProfileError, parse_profile


def _profile(**fields: object):
    return parse_profile({"name": "x", "base_url": "https://x.example", **fields}, source="x.toml")


def test_a_slug_pattern_with_a_nested_quantifier_reads_a_slug_without_its_slash_at_once() -> None:
    """``^/(\\w+-?)+/$``: Python's re tries every split of every word of a slug that lacks the trailing
    slash (minutes for these 40 letters); the profile's patterns are read by ``regex``."""
    profile = _profile(article_url_pattern=r"^/(\w+-?)+/$")
    assert profile.is_article_url("https://x.example/harga-beras-naik-lagi/")
    assert not profile.is_article_url("https://x.example/harga-beras-naik-lagi-menjelang-lebaran-tahun")


@pytest.mark.parametrize(
    ("field", "pattern"),
    [
        ("article_url_pattern", r"^/([a-z]|[a-z0-9])+/$"),  # two branches that read the same letters
        ("gallery_url_pattern", r"(a|aa)+$"),
    ],
)
def test_a_pattern_that_backtracks_exponentially_refuses_its_profile_at_load(
    field: str, pattern: str
) -> None:
    with pytest.raises(ProfileError) as refused:
        _profile(**{field: pattern})
    message = str(refused.value)
    assert message.startswith(f"x.toml: pattern {pattern!r} takes over 50 ms on ")
    assert "backtracks exponentially" in message


def test_a_listing_paging_pattern_that_backtracks_exponentially_is_refused_too() -> None:
    with pytest.raises(ProfileError, match=r"backtracks exponentially"):
        _profile(discovery={"listing_paging": [r"^/(?:[a-z]|[a-z0-9])+/page/(\d+)$"]})


def test_the_shipped_and_default_patterns_pass_the_load_probes() -> None:
    from crawler.profiles import all_profiles
    from spiders.portal import GENERIC_ARTICLE_PATH

    profiles = all_profiles()
    assert len(profiles) >= 10
    for profile in profiles:
        for pattern in (profile.article_url_pattern, *profile.discovery.listing_paging):
            assert pattern_problem(pattern) is None, (profile.name, pattern)
    assert pattern_problem(GENERIC_ARTICLE_PATH) is None


def test_a_bad_pattern_is_named_with_the_parser_message() -> None:
    with pytest.raises(ProfileError, match=r"^x\.toml: bad pattern '\(\[a-z\]': "):
        _profile(article_url_pattern="([a-z]")


def test_a_search_past_its_bound_raises_naming_the_pattern_and_the_text(monkeypatch) -> None:
    """One that passes the load probes (anchored at a start no probe has) but not a text of its shape."""
    monkeypatch.setattr(profile_patterns, "SEARCH_SECONDS", 0.01)
    monkeypatch.setattr(profile_patterns, "SECONDS_PER_CHAR", 0.0)
    pattern = ProfilePattern(r"^(a|aa)+$")
    assert pattern_problem(pattern.pattern) is None
    assert pattern.search("aaaa") is not None
    text = "a" * 60 + "!"
    with pytest.raises(PatternTimeout) as stopped:
        pattern.search(text)
    assert stopped.value.pattern == "^(a|aa)+$" and stopped.value.text == text
    assert "profile pattern '^(a|aa)+$' took over 0.01 s searching 'aaaa" in str(stopped.value)
    assert "mend the profile" in str(stopped.value)


def test_the_bound_grows_with_the_text_searched() -> None:
    """A crawler trap's link tens of kilobytes long is searched whole by a linear pattern."""
    from spiders.portal import GENERIC_ARTICLE_PATH

    pattern = ProfilePattern(GENERIC_ARTICLE_PATH)
    assert pattern.search("/berita/a" * 8000) is None
    assert pattern.search("/berita/2024/05/01/harga-beras-naik-12345") is not None


def test_a_dateline_pattern_that_backtracks_exponentially_is_refused_and_a_fine_one_cuts_the_dateline() -> (
    None
):
    with pytest.raises(ProfileError) as refused:
        _profile(dateline={"patterns": [r"(\w|\w\w)+"]})
    assert "dateline.patterns: dateline pattern '(\\\\w|\\\\w\\\\w)+' takes over 50 ms" in str(refused.value)

    from crawler.extract.byline import split_dateline

    profile = _profile(dateline={"patterns": [r"(?:[A-Za-z]+\s?)+\(Antara\)"]})
    rest, dateline = split_dateline(
        "Mataram (Antara) - Sebanyak 29 penerbangan batal.", profile.dateline_patterns
    )
    assert (rest, dateline) == ("Sebanyak 29 penerbangan batal.", "Mataram (Antara)")


def test_a_pattern_is_held_to_python_syntax_though_regex_reads_more() -> None:
    """``regex`` reads ``\\p{Lu}`` and a group name used twice; Python's re, whose syntax a profile's
    author reads about, does not: the profile says so at load."""
    with pytest.raises(ProfileError, match=r"bad pattern '\^/\\\\p\{Lu\}': bad escape \\p"):
        _profile(article_url_pattern=r"^/\p{Lu}")
    with pytest.raises(
        ProfileError, match=r"bad dateline pattern '\(\?P<dl>X\)': redefinition of group name"
    ):
        _profile(dateline={"patterns": ["(?P<dl>X)"]})
