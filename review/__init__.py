"""The review page for content owners: what learners ask, where the bot fails, what to add.

Served by the Rasa server itself at `/review/` (channel.py) from the tracker store, read-only.
"""
