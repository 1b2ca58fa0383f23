"""The calendars SLA targets count on, by name.

A target names its calendar (``"24x7"``, ``"office"``) and a calendar registry resolves the
name to the calendar itself (:func:`~backoffice.domain.requests.targets.resolve_calendar`).
A target read back from storage holds a stand-in until it is resolved: asking the stand-in a
working-time question says which calendar is missing.
"""

from __future__ import annotations

from typing import NoReturn

from backoffice.calendar import UnknownCalendar
from backoffice.errors import ValidationError

__all__ = ["UnresolvedCalendar", "calendar_name"]


def calendar_name(value: object) -> str:
    """``value`` as the name of a target's calendar: non-blank text, or refused."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"an SLA target names its calendar (a non-blank str such as '24x7'), got "
            f"{type(value).__name__} {value!r:.60}",
            field="calendar",
            value=value,
        )
    return value


class UnresolvedCalendar:
    """Stands in for the calendar of a target read back from storage, until it is resolved.

    Any working-time question raises :class:`~backoffice.calendar.UnknownCalendar` naming the
    calendar: resolve the target first
    (:meth:`~backoffice.domain.requests.targets.SlaTarget.resolved`, or replay with
    ``calendars=``).
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def _refuse(self, *_: object) -> NoReturn:
        raise UnknownCalendar(self.name, ())

    is_working_time = add_working_time = working_time_between = add_working_days = _refuse

    def __reduce__(self) -> tuple[type[UnresolvedCalendar], tuple[str]]:
        return (UnresolvedCalendar, (self.name,))
