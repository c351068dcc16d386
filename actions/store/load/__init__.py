"""Loads data/knowledge/*.yml into the store: validated whole first (`read`: each entry against
`schema`, then `references` and `aliases` across files), a bad entry reported by file and entry key
so a content owner sees what to fix; then written atomically and only when changed (`write`, the
rows from `rows`). Run it as `python -m actions.store.load`.
"""

from actions.store.load.read import read_knowledge
from actions.store.load.schema import Content, KnowledgeError
from actions.store.load.write import LoadResult, load

__all__ = ["Content", "KnowledgeError", "LoadResult", "load", "read_knowledge"]
