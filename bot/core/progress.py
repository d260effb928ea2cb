"""Whether a unit of work has changed anything yet (a database write, a Slack write).

Work that fails on something passing (a locked database, a rate limit) is tried again from the start,
which is only right while it has changed nothing: a second run would repeat what the first one did.
The database engine and the Slack gateway note their writes here; the listener's job asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_made: ContextVar[list[str] | None] = ContextVar("crisisbot_progress", default=None)


@contextmanager
def tracking() -> Iterator[list[str]]:
    """Note the writes made inside the block (on this thread) in the list it yields."""
    token = _made.set([])
    try:
        made = _made.get()
        assert made is not None
        yield made
    finally:
        _made.reset(token)


def note(what: str) -> None:
    """Something was written (or may have been: Slack answered 5xx to a write)."""
    made = _made.get()
    if made is not None:
        made.append(what)
