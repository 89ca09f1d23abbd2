"""A deterministic WordPress-like JagatBisnis portal served on 127.0.0.1: the crawler's test bed.

Standard library only, so it runs in CI and on a fresh machine without internet. The site is generated
from data (``site.build_site``), rendered through a theme (``themes``), served by ``server.DemoServer``,
and its expected crawl result is written from the same data by ``truth.expected_items``.
"""
