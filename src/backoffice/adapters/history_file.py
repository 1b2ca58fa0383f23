"""A recorded history in a CSV or JSON file, read where it is needed, a share at a time.

:meth:`HistoryFile.open` reads the file once to learn how many requests it holds and when it
ends; a :meth:`~HistoryFile.part` is the same file and a range of its rows, a few hundred
bytes to send to a worker process, which reads and parses only its own rows. The fields are
those of :mod:`backoffice.scenarios.history`.

A CSV file is read once by :meth:`~HistoryFile.open`, which notes where every
:data:`ROWS_PER_MARK`-th row begins (its byte offset): a part reads the file from the mark at
or before its first row to the mark at or after its last one, and tokenises fewer than
``ROWS_PER_MARK`` rows it does not keep. The marks are where the CSV reader itself found
the rows to begin, so a quoted field holding a line break (a row over several lines) is read
as one row, as everywhere else. A JSON file is read whole by each part, which keeps its rows.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Final

import attrs

from backoffice.errors import ValidationError
from backoffice.scenarios.history import csv_extent, csv_records, history_extent, parse_history
from backoffice.scenarios.rejudge import RecordedRequest
from backoffice.values import inputs

__all__ = ["ROWS_PER_MARK", "HistoryFile"]

#: A CSV history's rows between two marks (byte offsets where a row begins).
ROWS_PER_MARK: Final = 256
_BOM: Final = b"\xef\xbb\xbf"


@attrs.frozen(kw_only=True)
class HistoryFile:
    """Rows ``start`` to ``stop - 1`` of a history file.

    Attributes:
        path: The file.
        format: ``"csv"`` or ``"json"``.
        start: The first row (0-based).
        stop: One past the last row.
        end: The last instant recorded in the whole file.
        columns: A CSV file's header (its field names).
        marks: For a CSV file, the byte offsets where rows ``k * rows_per_mark`` begin, for
            ``k`` from :attr:`first_mark` on (a part keeps those around its rows).
        first_mark: The ``k`` of ``marks[0]``.
        rows_per_mark: The rows from one mark to the next.
        size: The file's size in bytes when it was opened (a CSV part checks it is unchanged).
    """

    path: str
    format: str
    start: int
    stop: int
    end: datetime
    columns: tuple[str, ...] = ()
    marks: tuple[int, ...] = ()
    first_mark: int = 0
    rows_per_mark: int = ROWS_PER_MARK
    size: int = 0

    @classmethod
    def open(
        cls,
        path: str | Path,
        format: str | None = None,  # noqa: A002 (the history's own word)
        *,
        rows_per_mark: int = ROWS_PER_MARK,
    ) -> HistoryFile:
        """The whole file (its format from its suffix unless given).

        Args:
            path: The file.
            format: ``"csv"`` or ``"json"`` (by default the file's suffix).
            rows_per_mark: For a CSV file, the rows between two marks (a part tokenises
                fewer than this many rows it does not keep).

        Raises:
            ValidationError: The file holds no request, its format is unknown, or an instant
                is wrong (the row is named).
            OSError: The file cannot be read.
        """
        path = Path(path)
        kind = format or path.suffix.lstrip(".").lower() or "csv"
        rows_per_mark = inputs.whole_number(rows_per_mark, "rows_per_mark", minimum=1)
        if kind == "csv":
            whole = _scan_csv(path, rows_per_mark)
        else:
            count, end = history_extent(path.read_text(encoding="utf-8"), kind)
            whole = (count, end, (), (), 0)
        count, last, columns, marks, size = whole
        if last is None:
            raise ValidationError(f"{path}: the recorded history holds no requests",
                                  field="history")  # fmt: skip
        return cls(path=str(path), format=kind, start=0, stop=count, end=last, columns=columns,
                   marks=marks, rows_per_mark=rows_per_mark, size=size)  # fmt: skip

    def __len__(self) -> int:
        return self.stop - self.start

    def ends_at(self) -> datetime:
        """The last instant recorded in the whole file."""
        return self.end

    def part(self, start: int, stop: int) -> HistoryFile:
        """Rows ``start`` to ``stop - 1`` of this part (with just the marks around them)."""
        first = min(self.start + max(start, 0), self.stop)
        last = max(first, min(self.start + stop, self.stop))
        if not self.marks:
            return attrs.evolve(self, start=first, stop=last)
        low = max(first // self.rows_per_mark, self.first_mark)
        high = -(-last // self.rows_per_mark)  # the mark at or after the last row, if any
        marks = self.marks[low - self.first_mark : high - self.first_mark + 1]
        return attrs.evolve(self, start=first, stop=last, marks=marks, first_mark=low)

    def requests(self) -> list[RecordedRequest]:
        """This part's requests, read from the file (a CSV part reads only its own bytes).

        Raises:
            ValidationError: A row's field is wrong (the row is named), or a CSV file changed
                since it was opened.
            OSError: The file cannot be read.
        """
        if not self.marks:
            text = Path(self.path).read_text(encoding="utf-8")
            return parse_history(text, self.format, start=self.start, stop=self.stop)
        if len(self) == 0:
            return []
        k = self.start // self.rows_per_mark
        begin = self.marks[k - self.first_mark]
        after = -(-self.stop // self.rows_per_mark) - self.first_mark
        finish = self.marks[after] if after < len(self.marks) else self.size
        with Path(self.path).open("rb") as raw:
            if os.fstat(raw.fileno()).st_size != self.size:
                raise ValidationError(f"{self.path}: the history file changed since it was"
                                      " opened; open it again", field="history")  # fmt: skip
            raw.seek(begin)
            text = raw.read(finish - begin).decode("utf-8")
        rows = filter(None, csv.reader(io.StringIO(text, newline="")))  # blank lines are no rows
        skip = self.start - k * self.rows_per_mark
        return csv_records(self.columns, islice(rows, skip, skip + len(self)), self.start + 1)


def _scan_csv(
    path: Path, rows_per_mark: int
) -> tuple[int, datetime | None, tuple[str, ...], tuple[int, ...], int]:
    """Rows, last instant, header, marks and size of a CSV file, in one reading."""
    with path.open("rb") as raw:
        size = os.fstat(raw.fileno()).st_size
        offset = [len(_BOM) if raw.read(len(_BOM)) == _BOM else 0]  # a BOM is no field
        raw.seek(offset[0])
        with io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:

            def lines() -> Iterator[str]:  # the CSV reader's lines, counting their bytes
                for line in text:
                    offset[0] += len(line) if line.isascii() else len(line.encode("utf-8"))
                    yield line

            reader = csv.reader(lines())
            header = next(filter(None, reader), [])
            marks: list[int] = []

            def rows() -> Iterator[list[str]]:  # the rows, marking where every n-th begins
                begins, count = offset[0], 0
                for row in reader:
                    if row:
                        if count % rows_per_mark == 0:
                            marks.append(begins)
                        count += 1
                        yield row
                    begins = offset[0]

            count, last = csv_extent(header, rows())
    return count, last, tuple(header), tuple(marks), size
