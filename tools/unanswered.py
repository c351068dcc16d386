"""`make unanswered`: what learners asked that the bot could not answer, for content owners.

Reads the Rasa tracker store (the SQL `events` table Rasa writes, read-only) and lists, with counts
and the latest date (the same query as the review page's "What to add", review/unanswered.py):
- questions that got the fallback or out-of-scope reply (what to add to training data or content);
- role, skill and application names learners used that the knowledge store does not know (what to
  add to data/knowledge, e.g. a new role or alias).

Usage: python -m tools.unanswered [--tracker-db FILE] [--days N] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from actions.store.queries import knowledge
from launcher import settings
from launcher.errors import report_failure
from review.events import Filters, read_only_engine
from review.unanswered import WhatToAdd, ranked, what_to_add

SHOWN_LENGTH = 200  # characters of a learner's text the report shows; longer ones end in "…"
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (ESC included: no escape sequence reaches the terminal) and the bidirectional
overrides that can make a line display as something else; emoji and every script pass."""


def read(tracker_db: Path, since: float) -> WhatToAdd:
    """What to add, from the conversations in the SQLite file `tracker_db` since `since`."""
    engine = read_only_engine(f"sqlite:///{tracker_db}")
    try:
        with engine.connect() as connection, knowledge() as kb:
            return what_to_add(connection, kb, Filters(since=since or None))
    finally:
        engine.dispose()


def shown(text: str) -> str:
    """A learner's text made safe for the operator's terminal: whitespace runs as one space, no control
    characters, at most SHOWN_LENGTH characters."""
    text = UNPRINTABLE.sub("", " ".join(text.split()))
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def _when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def report(found: WhatToAdd, limit: int) -> str:
    lines = ["Questions that got the fallback or out-of-scope reply:"]
    lines += [
        f"  {t.count:>4}  {_when(t.latest)}  {shown(text)}" for text, t in ranked(found.questions, limit)
    ]
    lines += [] if found.questions else ["  none"]
    lines.append("Names learners used that the knowledge store does not know:")
    lines += [
        f"  {t.count:>4}  {_when(t.latest)}  {kind}: {shown(name)}"
        for (kind, name), t in ranked(found.names, limit)
    ]
    lines += [] if found.names else ["  none"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracker-db", type=Path, default=settings.tracker_db())
    parser.add_argument("--days", type=float, default=0, help="only the last N days (0: all)")
    parser.add_argument("--limit", type=int, default=50)
    args = parser.parse_args(argv)
    if not args.tracker_db.exists():
        print(f"No conversations yet ({args.tracker_db} does not exist). Run the bot first.")
        return 0
    since = (dt.datetime.now() - dt.timedelta(days=args.days)).timestamp() if args.days else 0.0
    try:
        found = read(args.tracker_db, since)
    except Exception as error:  # one line for the operator, the traceback in unanswered.log
        report_failure(error, "tools.unanswered", settings.LOG_DIR / "unanswered.log")
        return 1
    print(report(found, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
