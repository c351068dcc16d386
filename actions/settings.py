"""Where the action server's settings come from: the environment, with embedded defaults."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'build' / 'knowledge.db'}"
KNOWLEDGE_DIR = PROJECT_ROOT / "data" / "knowledge"


def database_url() -> str:
    """The store's SQLAlchemy URL: `DATABASE_URL`, else a SQLite file under build/."""
    return os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def knowledge_dir() -> Path:
    """Where the knowledge YAML files live: `KNOWLEDGE_DIR`, else data/knowledge."""
    return Path(os.environ.get("KNOWLEDGE_DIR") or KNOWLEDGE_DIR)
