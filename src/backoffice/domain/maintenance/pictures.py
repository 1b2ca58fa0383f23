"""Pictures of a plan's occurrences: a year as a text calendar, and a mermaid gantt chart.

Both are drawn from the occurrences the planner computed (:class:`PlannedOccurrence`: nominal,
due and raise days), so the picture in the documentation is the library's own output (a test
redraws it and compares).

:func:`year_calendar` draws one line per month, one character per day:

* ``D`` the occurrence is due (the work is done) that day;
* ``n`` its nominal day, where the holiday shift moved it away;
* ``r`` its work order is raised (the lead time before the due day);
* ``.`` a working day, ``_`` a day off (weekend or public holiday) on the plan's calendar.

Example:
    >>> from backoffice.domain.maintenance.events import PlannedOccurrence
    >>> class Weekdays:
    ...     def is_working_day(self, day: date) -> bool:
    ...         return day.weekday() < 5
    >>> march = PlannedOccurrence(key="MPL-1#1", ordinal=1, nominal=date(2025, 3, 1),
    ...     due=date(2025, 3, 3), raise_on=date(2025, 2, 27), trigger="calendar")
    >>> print(year_calendar([march], 2025, Weekdays(), months=(2, 3)))
    2025     1    6   10   15   20   25   30
    Feb      __.....__.....__.....__...r.
    Mar      n_D....__.....__.....__.....__.
"""

from __future__ import annotations

import calendar as month_lengths
from collections.abc import Iterable
from datetime import date
from typing import Final

from backoffice.domain.maintenance.events import PlannedOccurrence
from backoffice.domain.maintenance.timing import WorkingDays

__all__ = ["gantt", "year_calendar"]

_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
#: The day ruler over the days: where days 1, 5, 10, ... 30 fall.
_RULER: Final = "1    6   10   15   20   25   30"
#: When one day has several marks, the one shown (the due day wins).
_PRIORITY: Final = {"D": 3, "r": 2, "n": 1}


def year_calendar(
    occurrences: Iterable[PlannedOccurrence],
    year: int,
    calendar: WorkingDays,
    *,
    months: Iterable[int] = range(1, 13),
) -> str:
    """A year of occurrences as text: one line per month, one character per day.

    Args:
        occurrences: The occurrences to mark (those outside ``year`` are left out).
        year: The year drawn.
        calendar: The plan's business calendar (working days and days off).
        months: The months drawn (all twelve by default).
    """
    marks: dict[date, str] = {}
    for occurrence in occurrences:
        days = [(occurrence.due, "D"), (occurrence.raise_on, "r")]
        if occurrence.nominal != occurrence.due:
            days.append((occurrence.nominal, "n"))
        for day, mark in days:
            if _PRIORITY[mark] > _PRIORITY.get(marks.get(day, ""), 0):
                marks[day] = mark
    lines = [f"{year}     {_RULER}"]
    for month in months:
        length = month_lengths.monthrange(year, month)[1]
        cells = []
        for number in range(1, length + 1):
            day = date(year, month, number)
            default = "." if calendar.is_working_day(day) else "_"
            cells.append(marks.get(day, default))
        lines.append(f"{_MONTHS[month - 1]}      {''.join(cells)}")
    return "\n".join(lines)


def gantt(occurrences: Iterable[PlannedOccurrence], *, title: str, section: str) -> str:
    """A mermaid gantt chart: one bar per occurrence, from its raise day to its due day.

    Args:
        occurrences: The occurrences, in order.
        title: The chart's title.
        section: The section the bars are in (the asset or the plan).
    """
    lines = ["gantt", f"    title {title}", "    dateFormat YYYY-MM-DD", f"    section {section}"]
    for occurrence in occurrences:
        name = f"#{occurrence.ordinal}"
        lines.append(
            f"    {name:<4}:{occurrence.raise_on.isoformat()}, {occurrence.due.isoformat()}"
        )
    return "\n".join(lines)
