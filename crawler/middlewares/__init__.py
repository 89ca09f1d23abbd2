"""Downloader, spider and crawl-lifecycle components that keep a crawl alive on hostile input and kills.

- ``resume.KillSafeScheduler``: a ``JOBDIR`` left by a killed run is discarded, so discovery runs again
  and the project state (not Scrapy's half-written dupefilter) decides what is left to fetch;
- ``exports.ExportRecovery``: before a run appends to an export, a cut last line is removed and a line
  written just before a kill is recorded in the state, so it is not exported twice;
- ``badresponse``, ``retryafter``, ``charset``: counted bad responses, ``Retry-After``, charset repair.
"""
