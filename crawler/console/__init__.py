"""What a person sees on the console during a crawl: a start line, a progress line at an interval, the run
summary, one line per dropped item, and a failed run's root cause as the last line. Scrapy's start-up
listings and its stats dump stay in the log only at ``-L DEBUG`` (or ``-s STATS_DUMP=True``)."""
