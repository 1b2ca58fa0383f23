"""A recorded history in a CSV or JSON file, read where it is needed, a share at a time.

:meth:`HistoryFile.open` reads the file once to learn how many requests it holds and when it
ends; a :meth:`~HistoryFile.part` is the same file and a range of its rows, a few dozen bytes
to send to a worker process, which reads and parses only its own rows
(:func:`~backoffice.scenarios.history.parse_history`). The fields are those of
:mod:`backoffice.scenarios.history`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import attrs

from backoffice.errors import ValidationError
from backoffice.scenarios.history import history_extent, parse_history
from backoffice.scenarios.rejudge import RecordedRequest

__all__ = ["HistoryFile"]


@attrs.frozen(kw_only=True)
class HistoryFile:
    """Rows ``start`` to ``stop - 1`` of a history file.

    Attributes:
        path: The file.
        format: ``"csv"`` or ``"json"``.
        start: The first row (0-based).
        stop: One past the last row.
        end: The last instant recorded in the whole file.
    """

    path: str
    format: str
    start: int
    stop: int
    end: datetime

    @classmethod
    def open(cls, path: str | Path, format: str | None = None) -> HistoryFile:  # noqa: A002 (the history's own word)
        """The whole file (its format from its suffix unless given).

        Raises:
            ValidationError: The file holds no request, its format is unknown, or an instant
                is wrong (the row is named).
            OSError: The file cannot be read.
        """
        path = Path(path)
        kind = format or path.suffix.lstrip(".").lower() or "csv"
        count, end = history_extent(path.read_text(encoding="utf-8"), kind)
        if end is None:
            raise ValidationError(f"{path}: the recorded history holds no requests",
                                  field="history")  # fmt: skip
        return cls(path=str(path), format=kind, start=0, stop=count, end=end)

    def __len__(self) -> int:
        return self.stop - self.start

    def ends_at(self) -> datetime:
        """The last instant recorded in the whole file."""
        return self.end

    def part(self, start: int, stop: int) -> HistoryFile:
        """Rows ``start`` to ``stop - 1`` of this part."""
        first = min(self.start + max(start, 0), self.stop)
        return attrs.evolve(self, start=first, stop=max(first, min(self.start + stop, self.stop)))

    def requests(self) -> list[RecordedRequest]:
        """This part's requests, read from the file."""
        text = Path(self.path).read_text(encoding="utf-8")
        return parse_history(text, self.format, start=self.start, stop=self.stop)
