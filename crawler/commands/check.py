"""``scrapy check``: Scrapy's, keeping no records; the contracts are in ``spiders/contracts.py``."""

from __future__ import annotations

from scrapy.commands.check import Command as ScrapyCheck

from crawler.commands.looking import KeepsNoRecords


class Command(KeepsNoRecords, ScrapyCheck):
    """Runs the ``parse`` contracts of each portal spider against the page its profile names."""
