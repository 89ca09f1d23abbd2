"""A deterministic WordPress-like JagatBisnis portal served on 127.0.0.1: the crawler's test bed.

Standard library only, so it runs in CI and on a fresh machine without internet. The site is generated
from data (``site.build_site``), rendered through a theme (``themes``), served by ``server.DemoServer``,
and its expected crawl result is written from the same data by ``truth.expected_items``.

Use::

    python -m demoportal serve [--port 0] [--theme jagat|drift] [--slow-delay 2.0] [--request-log FILE]
                               [--now ISO] [--deny 403] [--hostile] [--portal kabarnusa] [--split-pages]
    python -m demoportal truth --base-url http://127.0.0.1:PORT [--now ISO] [--portal …] [--split-pages]

    with DemoServer() as srv:          # a free port, background thread
        items = expected_items(srv.site, srv.base_url)

What a crawler meets (``Site`` attributes name the special URLs):

- 324 posts (2022-11-01 .. 2023-03-20, the seed article of 2022-03-15 and the three it links), five
  categories, tags, authors, day/month/year archives, all paged as ``…/page/N/``;
- ``/sitemap_index.xml`` (Yoast: post-sitemap.xml, post-sitemap2.xml, page-, category-sitemap.xml),
  ``/news-sitemap.xml``, ``/feed/`` and ``/category/<slug>/feed/``, ``robots.txt``;
- ``<post>/amp/`` copies; ``tracked_url_path`` (a post under ``utm_*``) and ``missing_path`` (404) linked
  from every sidebar; ``flaky_path`` answers 500 once per server; ``slow_path`` sleeps ``slow_delay``;
- one post re-published under a new slug, its old path answering 301 (``Site.redirects``).

Options: ``now`` turns the site's clock back (later posts and edits hidden; ``DemoServer.advance`` or
``POST /__demo__/clock?advance=SECONDS`` moves it on); ``deny`` answers every request with one status;
``hostile`` adds crawl traps and 429s; ``portal="kabarnusa"`` is a small second portal that re-runs one
JagatBisnis post; ``split_pages`` serves three long posts over several pages.
"""
