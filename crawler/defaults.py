"""Warta's ``WARTA_*`` defaults for a crawler that was not built from the project's settings.

``scrapy crawl`` loads ``crawler/settings.py``, where every default lives once. A crawler built another
way (``scrapy.utils.test.get_crawler`` in tests, a script that embeds a portal spider in its own project)
would see none of them, and each component would need a fallback of its own; the portal spider applies
them at the lowest priority instead, under whatever the crawler was given.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

import crawler.settings as project_settings


def apply_warta_defaults(settings: BaseSettings) -> None:
    """Set each ``WARTA_*`` setting that nothing else set to its project default."""
    for name in dir(project_settings):
        if name.startswith("WARTA_") and settings.getpriority(name) is None:
            settings.set(name, getattr(project_settings, name), priority="default")
