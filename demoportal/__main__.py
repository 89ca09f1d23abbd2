"""Command line: ``python -m demoportal serve|truth``."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from datetime import datetime

from .model import BRANDS
from .site import DEFAULT_SEED, build_site
from .themes import THEMES


def _aware(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise argparse.ArgumentTypeError("give the time with its UTC offset, e.g. 2023-03-19T12:00:00+07:00")
    return when


def _serve(args: argparse.Namespace) -> int:
    from .server import DemoServer

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    srv = DemoServer(
        theme=args.theme,
        slow_delay=args.slow_delay,
        request_log=args.request_log,
        host=args.host,
        port=args.port,
        seed=args.seed,
        now=args.now,
        deny=args.deny,
        hostile=args.hostile,
        portal=args.portal,
        split_pages=args.split_pages,
    )
    srv.start()
    print(srv.base_url, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        srv.stop()
    return 0


def _truth(args: argparse.Namespace) -> int:
    from .truth import expected_items

    site = build_site(args.seed, now=args.now, portal=args.portal, split_pages=args.split_pages)
    out = sys.stdout
    for item in expected_items(site, args.base_url):
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
    out.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demoportal", description="The demo portals.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the portal; prints its base URL once listening")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve.add_argument("--theme", choices=sorted(THEMES), default="jagat")
    serve.add_argument("--slow-delay", type=float, default=2.0, help="seconds the slow article sleeps")
    serve.add_argument("--request-log", default=None, help="append one JSON line per request to this file")
    serve.add_argument("--seed", type=int, default=DEFAULT_SEED)
    serve.add_argument("--portal", choices=sorted(BRANDS), default="jagatbisnis")
    serve.add_argument("--split-pages", action="store_true", help="serve three long posts over several pages")
    serve.add_argument("--now", type=_aware, default=None, help="the site's clock, ISO 8601 with offset")
    serve.add_argument("--deny", type=int, default=None, metavar="STATUS", help="answer every request so")
    serve.add_argument("--hostile", action="store_true", help="crawl traps, soft 404s and 429 throttling")
    truth = sub.add_parser("truth", help="print the expected items as JSON lines")
    truth.add_argument("--base-url", required=True)
    truth.add_argument("--seed", type=int, default=DEFAULT_SEED)
    truth.add_argument("--portal", choices=sorted(BRANDS), default="jagatbisnis")
    truth.add_argument("--split-pages", action="store_true", help="the truth of a --split-pages server")
    truth.add_argument("--now", type=_aware, default=None, help="the site's clock, ISO 8601 with offset")
    args = parser.parse_args(argv)
    return _serve(args) if args.command == "serve" else _truth(args)


if __name__ == "__main__":
    sys.exit(main())
