"""Run health: is this crawl going well, and did it?

One wing for everything that judges a run rather than crawls it:

- ``tally``: what the run exported, counted once per item (coverage, leaks, per-portal extraction);
- ``drift``: the layout-drift alarm, a profiled portal falling back to the generic extractor;
- ``checks``: the end-of-run monitors whose failure makes ``scrapy crawl`` exit 3;
- ``report``: the run report and summary written next to the export, and the progress line;
- ``extension``: the one Scrapy extension (``RunMonitor``) that feeds the tally and runs the rest.

Only ``extension`` imports Scrapy; the other modules are pure and tested without a crawl.
"""
