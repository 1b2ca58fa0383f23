"""Where a re-judge reads its recorded requests: a history that can be handed out in parts.

A re-judge over a large history splits it among workers. Sending each worker the requests
themselves costs more than judging them (they are pickled, sent and unpickled), so a worker
is sent a *part* of the history instead: something small that names its share and reads it
where it runs. :class:`HistorySource` is what the runner needs of a history;
:class:`RecordedHistory` holds requests already in memory (its part holds just its share's
requests), and :class:`~backoffice.adapters.history_file.HistoryFile` names a CSV or JSON
file and a range of its rows (its part is a path, two row numbers and, for a CSV file, the
byte offsets where rows around them begin).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

import attrs

from backoffice.errors import ValidationError
from backoffice.scenarios.rejudge import RecordedRequest
from backoffice.values import utc

__all__ = ["HistorySource", "RecordedHistory", "history_end"]


class HistorySource(Protocol):
    """A recorded history the runner can split: its size, its end, its parts, its requests."""

    def __len__(self) -> int:
        """How many recorded requests."""
        ...

    def ends_at(self) -> datetime:
        """The last instant recorded (what requests still open are judged at)."""
        ...

    def part(self, start: int, stop: int) -> HistorySource:
        """Requests ``start`` to ``stop - 1``, as something small to send to a worker."""
        ...

    def requests(self) -> Sequence[RecordedRequest]:
        """The recorded requests, in order."""
        ...


def history_end(history: Iterable[RecordedRequest]) -> datetime:
    """The last instant recorded in ``history`` (what open requests are judged at).

    Raises:
        ValidationError: The history holds no requests.
    """
    instants = [
        instant
        for record in history
        for instant in (
            record.facts.submitted_at,
            record.facts.accepted_at,
            record.facts.work_started_at,
            record.facts.resolved_at,
            record.facts.ended_at,
        )
        if instant is not None
    ]
    if not instants:
        raise ValidationError("the recorded history holds no requests", field="history")
    return max(instants, key=utc)


@attrs.frozen
class RecordedHistory:
    """Recorded requests held in memory.

    Attributes:
        records: The requests, in order.
    """

    records: tuple[RecordedRequest, ...] = attrs.field(converter=tuple[RecordedRequest, ...])

    def __len__(self) -> int:
        return len(self.records)

    def ends_at(self) -> datetime:
        """The last instant recorded (see :func:`history_end`)."""
        return history_end(self.records)

    def part(self, start: int, stop: int) -> RecordedHistory:
        """Just the requests of the part (what a worker is sent)."""
        return RecordedHistory(self.records[start:stop])

    def requests(self) -> Sequence[RecordedRequest]:
        """The requests."""
        return self.records
