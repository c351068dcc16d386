"""`python -m actions.store.load`: loads the knowledge files into the store (DATABASE_URL and
KNOWLEDGE_DIR select where from and to) and prints a one-line summary, or the data error."""

from __future__ import annotations

import sys

from actions.store.load.schema import KnowledgeError
from actions.store.load.write import load


def main() -> int:
    """Loads; a data error is printed as one line naming the file and entry, without a traceback."""
    try:
        result = load()
    except KnowledgeError as error:
        print(f"knowledge data error: {error}", file=sys.stderr)
        return 1
    print(f"knowledge store {result.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
