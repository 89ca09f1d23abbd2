#!/usr/bin/env python3
"""Schedule one crawl on scrapyd, wait for it, and exit with its verdict, so cron can alert on a bad run.

    python deploy/scrapyd_job.py jagatbisnis
    python deploy/scrapyd_job.py --url http://127.0.0.1:6800/ kompas -s WARTA_DATA_DIR=/srv/warta

scrapyd's API says only that a job finished, not how: this reads the job's log over the same API and
looks for the run summary the monitors write. Exit codes: 0 the run finished and every monitor passed;
3 it finished badly (a monitor failed, it did not finish, or it left no summary or no log: it crashed);
1 scrapyd refused the job or could not be reached; 75 no verdict within --timeout (the job keeps running).
Standard library only: it runs on any Python 3.11 that can reach scrapyd.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin
from urllib.request import urlopen

EXIT_OK, EXIT_UNAVAILABLE, EXIT_BAD_RUN, EXIT_NO_VERDICT = 0, 1, 3, 75


class ScrapydError(RuntimeError):
    """scrapyd could not be reached or answered with an error."""


def call(url: str, endpoint: str, params: list[tuple[str, str]], *, post: bool = False) -> dict:
    """One scrapyd API call; its JSON answer, or ScrapydError with scrapyd's message."""
    query = urlencode(params)
    target = urljoin(url, endpoint)
    try:
        if post:
            response = urlopen(target, data=query.encode(), timeout=30)
        else:
            response = urlopen(f"{target}?{query}", timeout=30)
        with response:
            answer = json.load(response)
    except (URLError, OSError, ValueError) as exc:
        raise ScrapydError(f"{target}: {exc}") from None
    if answer.get("status") != "ok":
        raise ScrapydError(f"{target}: {answer.get('message', answer)}")
    return answer


def fetch_log(url: str, project: str, spider: str, job: str) -> str | None:
    """The job's Scrapy log as scrapyd serves it, or None when scrapyd keeps no logs (logs_dir empty)."""
    try:
        with urlopen(urljoin(url, f"logs/{project}/{spider}/{job}.log"), timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except HTTPError as exc:
        if exc.code == 404:
            return None
        raise ScrapydError(f"job log: {exc}") from None
    except (URLError, OSError) as exc:
        raise ScrapydError(f"job log: {exc}") from None


def run_summary(log: str) -> list[str]:
    """The lines of the monitors' run summary in a job log (empty when the run wrote none)."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.endswith("run summary:") and "[crawler.monitoring" in line:
            block = []
            for text in lines[i + 1 :]:
                if not text.strip():
                    break
                block.append(text)
            return block
    return []


def judge(log: str, spider: str) -> tuple[int, list[str]]:
    """Exit code and the lines that explain it, from a finished job's log."""
    summary = run_summary(log)
    closed_finished = "Spider closed (finished)" in log
    if summary and summary[0] == f"Warta run of {spider}: OK" and closed_finished:
        return EXIT_OK, summary
    if summary:
        return EXIT_BAD_RUN, summary
    return EXIT_BAD_RUN, [
        "the run wrote no summary (it crashed or never started); last lines:",
        *log.splitlines()[-20:],
    ]


def wait_finished(url: str, job: str, timeout: float, interval: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if call(url, "status.json", [("job", job)])["currstate"] == "finished":
            return True
        time.sleep(interval)
    return False


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spider")
    parser.add_argument("--url", default="http://127.0.0.1:6800/", help="scrapyd's address")
    parser.add_argument("--project", default="warta")
    parser.add_argument("-a", dest="args", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--timeout", type=float, default=4 * 3600, help="seconds to wait for the verdict")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between status checks")
    options = parser.parse_args(argv)
    for pair in options.args + options.settings:
        if "=" not in pair:
            parser.error(f"expected NAME=VALUE, got {pair!r}")
    if not options.url.endswith("/"):
        options.url += "/"
    return options


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    fields = [("project", opts.project), ("spider", opts.spider)]
    fields += [tuple(pair.split("=", 1)) for pair in opts.args]  # type: ignore[misc]
    fields += [("setting", pair) for pair in opts.settings]
    try:
        job = call(opts.url, "schedule.json", fields, post=True)["jobid"]
        if not wait_finished(opts.url, job, opts.timeout, opts.interval):
            print(
                f"warta: job {job} of {opts.spider} still not finished after {opts.timeout:.0f} s",
                file=sys.stderr,
            )
            return EXIT_NO_VERDICT
        log = fetch_log(opts.url, opts.project, opts.spider, job)
    except ScrapydError as exc:
        print(f"warta: scrapyd: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    if log is None:  # a crawl that died before logging, or a scrapyd without logs_dir: alert either way
        code, lines = (
            EXIT_BAD_RUN,
            ["scrapyd has no log of this job (it died at start, or logs_dir is empty)"],
        )
    else:
        code, lines = judge(log, opts.spider)
    if code != EXIT_OK:
        print(f"warta: scrapyd job {job} of {opts.spider} FAILED (exit {code})", file=sys.stderr)
        print("\n".join(lines), file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
