"""What can go wrong when a unit of work is appended to an event store.

Two writers that loaded the same aggregate at the same version and both changed it must not
both be recorded: the second one works on a stale picture. The store checks the version each
writer expects and refuses the whole unit of work of the late one (optimistic concurrency).
"""

from __future__ import annotations

from backoffice.errors import BackofficeError

__all__ = ["ConcurrencyConflict"]


class ConcurrencyConflict(BackofficeError):
    """Raised when a unit of work is appended at a stale version of one of its streams.

    Nothing of the unit of work was written. Load the stream again, redo the command on the
    fresh state, and append again.

    Attributes:
        stream: The stream whose version had moved on.
        expected: The version the writer expected the stream to be at.
        actual: The version the stream is at.
    """

    def __init__(self, stream: str, expected: int, actual: int) -> None:
        super().__init__(
            f"stream {stream!r} is at version {actual}, not {expected}: someone else changed "
            "it; reload it and try again (nothing of this unit of work was written)"
        )
        self.stream = stream
        self.expected = expected
        self.actual = actual
