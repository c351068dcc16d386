"""A Redis lock store whose tickets are taken atomically, so several Rasa processes can share it.

Rasa serialises one conversation's messages with a ticket lock kept in the lock store. Open-source
Rasa's `RedisLockStore` changes a lock with a GET and then a SET, so two replicas taking a ticket
at the same moment can both read "no lock" and both get ticket 0: both then handle a message of the
same conversation at once (RasaHQ/rasa#11256; tests/scale/test_lock_store.py shows it against a
real Redis). Likewise a replica finishing its turn can delete a ticket another one just took.

`AtomicRedisLockStore` keeps Rasa's lock and its format but makes every change one Redis
transaction: WATCH the key, read the lock, change it, write it with MULTI/EXEC; when another process
changed the key in between, EXEC fails and the change is made again on the new value, so no ticket
is lost or given twice. A lock with no tickets left is deleted in the same transaction, and a lock
expires in Redis with its last ticket, so a replica killed mid-turn leaves nothing behind.

The launcher configures it when REDIS_URL is set (endpoints.yml:
`lock_store: {type: server.lock_store.AtomicRedisLockStore, url: redis://host:6379/1}`).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX,
    DEFAULT_SOCKET_TIMEOUT_IN_SECONDS,
    LOCK_LIFETIME,
    LockError,
    RedisLockStore,
)
from rasa.utils.endpoints import EndpointConfig
from redis.client import Pipeline

T = TypeVar("T")


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store with every read-change-write of a lock done as one transaction."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        url: str | None = None,
        key_prefix: str | None = None,
    ) -> None:
        """From endpoints.yml (Rasa passes `endpoint_config`) or from a Redis URL."""
        url = url or (endpoint_config.url if endpoint_config is not None else None)
        if not url:
            raise ValueError("the lock store needs a Redis URL, e.g. redis://localhost:6379/1")
        options: dict[str, Any] = endpoint_config.kwargs if endpoint_config is not None else {}
        self.red = redis.Redis.from_url(url, socket_timeout=DEFAULT_SOCKET_TIMEOUT_IN_SECONDS)
        self.key_prefix = DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
        prefix = key_prefix or options.get("key_prefix")
        if prefix:
            self._set_key_prefix(prefix)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as error:  # Rasa's contract: any failure to take a ticket is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Gives the ticket back; the lock goes in the same transaction when no one else waits
        (Rasa's checks, then deletes, in separate steps: a ticket taken between them was lost)."""
        self.finish_serving(conversation_id, ticket_number)

    def _change(self, conversation_id: str, change: Callable[[TicketLock], T]) -> T:
        """Applies `change` to the stored lock (a new one if there is none) in one transaction."""
        key = self.key_prefix + conversation_id

        def attempt(pipe: Pipeline) -> T:
            stored = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(stored)) if stored else self.create_lock(conversation_id)
            result = change(lock)
            lock.remove_expired_tickets()
            pipe.multi()
            lifetime_ms = math.ceil((max((t.expires for t in lock.tickets), default=0) - time.time()) * 1000)
            if lifetime_ms > 0:
                pipe.set(key, lock.dumps(), px=lifetime_ms)
            else:
                pipe.delete(key)
            return result

        return self.red.transaction(attempt, key, value_from_callable=True)
