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
