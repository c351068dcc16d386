"""`make review-bench`: how fast the review page answers from a tracker store of 100,000 events.

Seeds a new SQLite file (or the empty PostgreSQL database at --url) with synthetic conversations
(tools/review_seed.py), adds the review's index as the bot does when it starts, serves the review's
routes from a Sanic server on a free loopback port (the blueprint the bot mounts, on the seeded store
and a knowledge store loaded from data/knowledge), and times each route over HTTP: its first answer
and the median and worst of the next ones. Before, it reads every learner message's names once, as
the bot does in the background when it starts (review.channel.prepare_store), and says how long that
took.

Usage: python -m tools.review_bench [--events N] [--url URL] [--repeat N] [--screenshot PNG]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright
from sanic import Sanic
from sqlalchemy import create_engine

from actions.store.load import load
from launcher.servers import free_port
from review.auth import Gate
from review.channel import pseudonym_key
from review.events import ensure_index, read_only_engine
from review.pages import Pages
from review.privacy import Pseudonyms
from review.web import review_blueprint
from tools.review_seed import seed

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def routes(first_user_event: int) -> list[str]:
    today = dt.datetime.now(dt.timezone.utc).date()
    week = f"from={today - dt.timedelta(days=6)}&to={today}"
    return [
        "/review/",
        "/review/?q=python",
        "/review/?fallback=1",
        f"/review/?channel=slack&{week}",
        "/review/?page=40",
        f"/review/conversation/{first_user_event}",
        "/review/export/unanswered.csv",
        "/review/export/conversations.csv",
    ]


def serve(app: Sanic, port: int) -> None:
    """Runs `app` on 127.0.0.1:`port` in a daemon thread; returns once it listens."""
    ready = threading.Event()

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(
            app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
        )
        assert server is not None
        loop.run_until_complete(server.startup())
        ready.set()
        loop.run_forever()

    threading.Thread(target=run, name="review-bench-server", daemon=True).start()
    if not ready.wait(60):
        raise RuntimeError("the review server did not start")


def timed_get(url: str, token: str) -> tuple[float, float, int]:
    """(seconds, CPU seconds of this process, i.e. of the server and client, bytes) for one GET. On a
    shared machine the wall time grows with the load; the CPU time is what the page costs."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    start, cpu = time.perf_counter(), time.process_time()
    with urllib.request.urlopen(request, timeout=120) as response:
        size = len(response.read())
        assert response.status == 200, url
    return time.perf_counter() - start, time.process_time() - cpu, size


def screenshot(url: str, path: Path) -> None:
    """The page as a content owner first sees it, in Debian's Chromium."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 1900}, device_scale_factor=1)
        page.goto(url)
        page.wait_for_selector("body[data-charts=drawn]")
        page.screenshot(path=str(path))
        browser.close()


def bench(args: argparse.Namespace, work: Path) -> None:
    """Seeds, serves and times as the module says, with its files in `work`."""
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'knowledge.db'}"
    load(url=os.environ["DATABASE_URL"])
    url = args.url or f"sqlite:///{work / 'tracker.db'}"
    started = time.perf_counter()
    conversations = seed(url, args.events)
    seconds = time.perf_counter() - started
    print(f"seeded {args.events:,} events in {conversations:,} conversations in {seconds:.0f} s")
    writer = create_engine(url, future=True)  # as Rasa's own engine, which the bot indexes with
    ensure_index(writer)
    if writer.dialect.name == "postgresql":  # what autovacuum does to a table that has been in use
        with writer.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE events")
    writer.dispose()
    engine = read_only_engine(url)
    with engine.connect() as connection:
        first = connection.exec_driver_sql("SELECT min(id) FROM events WHERE type_name = 'user'").scalar_one()
    token = secrets.token_urlsafe(24)
    pages = Pages(Pseudonyms(pseudonym_key(token)))
    started = time.perf_counter()
    pages.read_ahead(engine)  # as the bot does once it serves (review.channel.prepare_store)
    seconds = time.perf_counter() - started
    print(f"read every learner message's names once, as the bot does at start: {seconds:.2f} s")
    app = Sanic(f"review_bench_{secrets.token_hex(4)}")
    app.blueprint(review_blueprint(Gate(token), pages, lambda _: engine))
    port = free_port("127.0.0.1")
    serve(app, port)
    base = f"http://127.0.0.1:{port}"
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print(f"{'route':<52} {'first':>7} {'median':>7} {'worst':>7} {'cpu':>7} {'bytes':>9}")
    for route in routes(first):
        cold, _, size = timed_get(base + route, token)
        warm = [timed_get(base + route, token) for _ in range(args.repeat)]
        wall, cpu = [w for w, _, _ in warm], [c for _, c, _ in warm]
        figures = (cold, statistics.median(wall), max(wall), statistics.median(cpu))
        print(f"{route:<52} " + " ".join(f"{f * 1000:>5.0f}ms" for f in figures) + f" {size:>9,}")
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.screenshot:
        screenshot(f"{base}/review/?token={token}", args.screenshot)
        print(f"screenshot: {args.screenshot}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--url", help="an empty database to seed (default: a new SQLite file)")
    parser.add_argument("--repeat", type=int, default=5, help="answers timed after the first")
    parser.add_argument("--screenshot", type=Path, help="save the page as this PNG")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="review-bench-") as work:
        bench(args, Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
