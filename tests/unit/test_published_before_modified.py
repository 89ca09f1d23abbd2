"""A published date whose line states no year is placed no later than the page's own modification date:
a WordPress theme that shows the post's day as a badge (``13 Aug``) and its full date only as the
"updated" time, read years later, must not be published in the year of the crawl."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from crawler.extract import extract_article

FETCHED = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>About bugs - Vortex Games</title></head>
<body class="post-template-default single single-post">
<div class="main-page-wrapper"><div class="site-content" role="main">
<article class="post type-post status-publish format-standard has-post-thumbnail">
  <div class="entry-header">
    <div class="post-date" onclick=""><span class="post-date-day">13</span>
      <span class="post-date-month">Aug</span></div>
    <h1 class="entry-title">About bugs</h1>
    <div class="entry-meta basel-entry-meta"><ul class="entry-meta-list">
      <li class="modified-date"><time class="updated" datetime="{modified}">{modified_text}</time></li>
      <li class="meta-author">Posted by <a href="/author/admin/" rel="author">admin</a></li>
    </ul></div>
  </div>
  <div class="entry-content">
    <p>We have received many messages about the bugs players met after the last update of the game.
    Most of them came from the new dungeon, where the doors did not open after the boss fight.</p>
    <p>The team has fixed the doors, the missing rewards and the crash on older phones. The fix is in
    the version that the store offers from today, and it needs no new download of the game data.</p>
    <p>If a bug is still there after the update, write to our support with the name of your hero and a
    short description of what happened, and we will look at it within two working days.</p>
  </div>
</article>
</div></div>
</body></html>
"""


BADGE = '<span class="post-date-day">13</span>\n      <span class="post-date-month">Aug</span>'


def _item(modified: str, modified_text: str, badge: str = BADGE) -> dict:
    html = PAGE.format(modified=modified, modified_text=modified_text).replace(BADGE, badge)
    return extract_article(html, "https://games.example.org/about-bugs/", reference=FETCHED)


def test_a_day_badge_without_a_year_is_placed_before_the_modification_date():
    item = _item("2018-08-13T08:04:08+00:00", "August 13, 2018")
    assert item["dateModified"] == "2018-08-13T15:04:08+07:00"
    assert item["datePublished"] == "2018-08-13"
    assert item["datePublishedRaw"] == "13 Aug"


def test_the_badge_keeps_the_clock_year_when_that_is_before_the_modification():
    item = _item("2026-11-02T08:04:08+00:00", "November 2, 2026")
    assert item["datePublished"] == "2026-08-13"


def test_the_badge_goes_to_the_last_year_whose_day_is_not_after_the_modification():
    item = _item("2018-03-01T08:00:00+00:00", "March 1, 2018")
    assert item["datePublished"] == "2017-08-13"


def test_a_relative_line_counts_from_the_fetch_and_is_left_alone():
    item = _item("2018-08-13T08:04:08+00:00", "August 13, 2018", badge="2 jam yang lalu")
    assert item["datePublishedRaw"] == "2 jam yang lalu"
    assert item["datePublished"].startswith("2026-12-07T08:00")
