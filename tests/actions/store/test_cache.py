"""The query layer answers from memory while the store holds the same load, and from the new load
as soon as a reload changed it (issue #19: the store is read-only between loads)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event

from actions.store.db import engine_for
from actions.store.load import load
from actions.store.queries import cache, knowledge
from tests.actions.store.editing import edit


@contextmanager
def statements(url: str) -> Iterator[list[str]]:
    """The SQL statements run on the store at `url` while the block runs."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    engine = engine_for(url)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_second_unit_of_work_reads_only_the_loads_fingerprint(data_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    load(data_dir, url)
    with knowledge(url) as kb:
        first = (kb.find_role("data scientist"), kb.role_skills("data-scientist"), kb.role_fits(["python"]))
    with statements(url) as seen, knowledge(url) as kb:
        again = (kb.find_role("data scientist"), kb.role_skills("data-scientist"), kb.role_fits(["python"]))
    assert again == first and first[0] is not None and first[1]
    assert len(seen) == 1 and "load_state" in seen[0]


def test_a_reload_that_changed_the_store_is_answered_at_once(data_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    load(data_dir, url)
    with knowledge(url) as kb:
        before = kb.find_role("data engineer")
    assert before is not None and before.title == "Data engineer"

    def retitle(content: dict) -> None:
        role = next(r for r in content["roles"] if r["key"] == "data-engineer")
        role["title"] = "Data platform engineer"
        role["aliases"] = [*role.get("aliases", []), "data engineer"]

    edit(data_dir, "roles.yml", retitle)
    assert load(data_dir, url).changed
    with knowledge(url) as kb:
        after = kb.find_role("data engineer")
        renamed = kb.find_role("data platform engineer")
    assert after is not None and after.title == "Data platform engineer"
    assert renamed == after


def test_changing_an_answer_does_not_change_the_remembered_one(store_url: str) -> None:
    with knowledge(store_url) as kb:
        roles = kb.roles()
        count = len(roles)
        roles.clear()
        assert len(kb.roles()) == count > 0


def test_an_iterator_argument_is_read_once_and_answered_like_a_list(store_url: str) -> None:
    with knowledge(store_url) as kb:
        from_iterator = kb.role_fits(iter(["python", "statistics"]))
        from_list = kb.role_fits(["python", "statistics"])
        from_set = kb.role_fits({"statistics", "python"})
    assert from_iterator == from_list == from_set
    assert from_iterator[0].matched


def test_a_snapshot_keeps_its_newest_answers_up_to_its_bound() -> None:
    snapshot = cache.Snapshot("f", max_answers=2)
    computed: list[str] = []

    def answer(key: str) -> str:
        return snapshot.answer(key, lambda: computed.append(key) or key.upper())

    assert [answer("a"), answer("b"), answer("a"), answer("c"), answer("b")] == ["A", "B", "A", "C", "B"]
    assert computed == ["a", "b", "c", "b"]  # "b" was the least recently used when "c" came
    assert len(snapshot) == 2


def test_a_new_fingerprint_starts_an_empty_snapshot() -> None:
    first = cache.snapshot("store-x", "one")
    first.answer("k", lambda: 1)
    assert cache.snapshot("store-x", "one") is first
    second = cache.snapshot("store-x", "two")
    assert second is not first and len(second) == 0
    assert cache.snapshot("store-y", "one") is not first
