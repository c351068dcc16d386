"""The ticket race in open-source Rasa's Redis lock store, shown against a real Redis, and the lock
store this project ships instead.

Rasa's `RedisLockStore` takes a ticket with a GET, then a SET (RasaHQ/rasa#11256). A replica paused
between the two while another takes a ticket writes its own lock over the other's: both hold ticket
0, and both may handle a message of the same conversation at once. The pause is made
deterministic: replica A's `create_lock` (called between its read and its write, when there was no
lock) lets replica B take its ticket first. `AtomicRedisLockStore` meets the same interleaving and
gives A the next ticket. Then several processes hammer one conversation through the shipped store,
each checking in Redis that it is alone while it holds the lock.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import uuid
from collections.abc import Callable

import pytest
import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import RedisLockStore

from server.lock_store import AtomicRedisLockStore
from tests.servers import RedisServer

DATABASE = 1
PROCESSES = 4
ROUNDS = 60


def rasa_store(server: RedisServer) -> RedisLockStore:
    return RedisLockStore(host="127.0.0.1", port=server.port, db=DATABASE, password=server.password)


def atomic_store(server: RedisServer) -> RedisLockStore:
    return AtomicRedisLockStore(url=server.url(DATABASE))


def paused_replica(store: RedisLockStore, other: RedisLockStore) -> list[int]:
    """Makes `store` let `other` take a ticket between reading the lock and writing it; returns the
    list `other`'s ticket is put in."""
    taken: list[int] = []
    create_lock = store.create_lock

    def create_lock_after_the_other(conversation_id: str) -> TicketLock:
        if not taken:
            taken.append(other.issue_ticket(conversation_id))
        return create_lock(conversation_id)

    store.create_lock = create_lock_after_the_other  # type: ignore[method-assign]
    return taken


def both_take_a_ticket(make: Callable[[RedisServer], RedisLockStore], server: RedisServer) -> tuple:
    a, b = make(server), make(server)
    conversation = f"race-{uuid.uuid4().hex}"
    taken_by_b = paused_replica(a, b)
    ticket_a = a.issue_ticket(conversation)
    [ticket_b] = taken_by_b
    lock = b.get_lock(conversation)
    assert lock is not None
    return ticket_a, ticket_b, lock


def test_rasa_redis_lock_store_gives_two_replicas_the_same_ticket(redis_server: RedisServer) -> None:
    ticket_a, ticket_b, lock = both_take_a_ticket(rasa_store, redis_server)
    assert ticket_a == ticket_b == 0
    assert [t.number for t in lock.tickets] == [0]  # A wrote its lock over B's
    assert not lock.is_locked(ticket_a) and not lock.is_locked(ticket_b)  # both go ahead at once


def test_atomic_lock_store_gives_the_paused_replica_the_next_ticket(redis_server: RedisServer) -> None:
    ticket_a, ticket_b, lock = both_take_a_ticket(atomic_store, redis_server)
    assert (ticket_b, ticket_a) == (0, 1)
    assert [t.number for t in lock.tickets] == [0, 1]
    assert not lock.is_locked(ticket_b) and lock.is_locked(ticket_a)  # A waits for B


def test_a_finished_lock_is_gone_and_an_abandoned_one_expires_in_redis(redis_server: RedisServer) -> None:
    store = atomic_store(redis_server)
    conversation = f"expiry-{uuid.uuid4().hex}"
    ticket = store.issue_ticket(conversation, lock_lifetime=30)
    assert 0 < store.red.pttl(store.key_prefix + conversation) <= 30_000  # a killed holder's lock ends
    store.cleanup(conversation, ticket)
    assert store.get_lock(conversation) is None


def hammer(url: str, conversation: str, rounds: int, results: multiprocessing.Queue) -> None:
    """One replica: takes the conversation's lock `rounds` times; inside, marks itself present
    (counting an overlap if someone already is) and increments a counter by a read then a write."""
    store = AtomicRedisLockStore(url=url)
    red = redis.Redis.from_url(url)
    inside, counter = f"inside:{conversation}", f"counter:{conversation}"
    overlaps = 0

    async def run() -> None:
        nonlocal overlaps
        for _ in range(rounds):
            async with store.lock(conversation, wait_time_in_seconds=0.001):
                if not red.set(inside, 1, nx=True):
                    overlaps += 1
                red.set(counter, int(red.get(counter) or 0) + 1)
                red.delete(inside)

    asyncio.run(run())
    results.put(overlaps)


def test_replicas_hammering_one_conversation_never_hold_its_lock_together(redis_server: RedisServer) -> None:
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    conversation = f"hammer-{uuid.uuid4().hex}"
    url = redis_server.url(DATABASE)
    replicas = [
        context.Process(target=hammer, args=(url, conversation, ROUNDS, results)) for _ in range(PROCESSES)
    ]
    for replica in replicas:
        replica.start()
    overlaps = [results.get(timeout=300) for _ in replicas]
    for replica in replicas:
        replica.join(timeout=60)
        assert replica.exitcode == 0
    assert overlaps == [0] * PROCESSES
    assert int(redis.Redis.from_url(url).get(f"counter:{conversation}")) == PROCESSES * ROUNDS


@pytest.mark.parametrize("make", [rasa_store, atomic_store], ids=["rasa", "atomic"])
def test_both_stores_read_the_same_lock_format(redis_server: RedisServer, make: Callable) -> None:
    """The shipped store keeps Rasa's format, so replicas of either kind read each other's locks
    (a rolling upgrade from Rasa's store loses no lock)."""
    writer, reader = make(redis_server), (atomic_store if make is rasa_store else rasa_store)(redis_server)
    conversation = f"format-{uuid.uuid4().hex}"
    first, second = writer.issue_ticket(conversation), reader.issue_ticket(conversation)
    assert (first, second) == (0, 1)
    lock = reader.get_lock(conversation)
    assert lock is not None and [t.number for t in lock.tickets] == [0, 1]
