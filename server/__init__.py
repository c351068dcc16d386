"""The Rasa server as this project runs it: Rasa's own `rasa run`, plus guards Rasa 3.6 lacks.

`python -m server run ARGS` takes exactly `rasa run`'s arguments. Once the model is loaded it
bounds calls to the action server with an apology past the bound (`actions.py`) and keeps
conversations when the tracker database fails (`tracker_store.py`); `/health` (channels/health.py)
reports on both. A SQL tracker store's last conversations are kept between turns, served while the
database holds just their events (`tracker_cache.py`).
"""
