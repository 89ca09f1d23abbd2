"""``scrapy view URL``: Scrapy's, keeping no records, with a portal spider pointed at the page's host."""

from __future__ import annotations

from scrapy.commands.view import Command as ScrapyView

from crawler.commands.looking import LooksAtPage


class Command(LooksAtPage, ScrapyView):
    """Opens the page as Scrapy sees it in a browser."""
