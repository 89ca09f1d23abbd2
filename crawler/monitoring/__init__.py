"""The Scrapy side of end-of-run monitoring: ``extension.RunMonitor`` (checks live in ``crawler.monitors``,
the report in ``crawler.report``)."""
