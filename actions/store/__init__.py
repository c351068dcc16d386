"""The knowledge store: SQLAlchemy models, the loader from data/knowledge and typed queries."""
