"""Errors that stop a crawl before it opens anything, told to the user in one line.

A component that refuses to start a crawl (the run lock of a data folder, a feed that cannot be written)
raises :class:`CannotStart`; ``scrapy crawl`` (``crawler/commands/crawl.py``) prints its message as the
last line and exits 1 instead of a traceback, since there is nothing to debug: the user has to act.
"""

from __future__ import annotations


class CannotStart(Exception):
    """The crawl cannot start; ``str()`` is the one line that says why and what to do."""
