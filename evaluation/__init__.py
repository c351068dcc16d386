"""Measures how well the assistant understands learners: `make eval` writes docs/evaluation.md."""
