"""``scrapy fetch URL``: Scrapy's, keeping no records, with a portal spider pointed at the page's host."""

from __future__ import annotations

from scrapy.commands.fetch import Command as ScrapyFetch

from crawler.commands.looking import LooksAtPage


class Command(LooksAtPage, ScrapyFetch):
    """Prints the page as Scrapy downloads it."""
