"""Calendars by name: how events, aggregates and policies refer to the calendars they count on.

A business calendar is a rule book (working hours, years of holidays), not a fact, so it is
never copied into an event or a stored aggregate. What is stored is the calendar's **name**
(``"office-shanghai"``, ``"24x7"``); a :class:`CalendarRegistry` handed in when state is
rebuilt turns the names back into calendars. An unknown name is a clear
:class:`UnknownCalendar`, not a silent default.

Example:
    >>> from backoffice.calendar import BusinessCalendar
    >>> registry = CalendarRegistry({"24x7": BusinessCalendar.always()})
    >>> registry["24x7"] is registry.resolve("24x7")
    True
    >>> registry.name_of(registry["24x7"])
    '24x7'
    >>> registry["office"]
    Traceback (most recent call last):
    ...
    backoffice.calendar.registry.UnknownCalendar: no calendar 'office' (known: '24x7')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from backoffice.calendar.business import WorkingCalendar
from backoffice.errors import NotFound, ValidationError

__all__ = ["CalendarRegistry", "UnknownCalendar"]


class UnknownCalendar(NotFound):
    """A calendar name was looked up that the registry does not hold.

    Attributes:
        known: The names the registry does hold.
    """

    def __init__(self, name: object, known: tuple[str, ...]) -> None:
        listed = ", ".join(repr(n) for n in known) or "none"
        super().__init__("calendar", f"{name!r} (known: {listed})")
        self.known = known


def _checked(calendars: Mapping[str, WorkingCalendar]) -> Mapping[str, WorkingCalendar]:
    if not isinstance(calendars, Mapping):
        raise ValidationError(
            f"a calendar registry is built from a mapping of names to calendars, "
            f"got {type(calendars).__name__}",
            field="calendars",
        )
    checked: dict[str, WorkingCalendar] = {}
    for name, calendar in calendars.items():
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(
                f"a calendar name must be non-blank text, got {name!r}", field="calendars"
            )
        if not callable(getattr(calendar, "add_working_time", None)):
            raise ValidationError(
                f"calendar {name!r} is not a working calendar: {type(calendar).__name__}",
                field="calendars",
            )
        checked[name] = calendar
    return checked


@attrs.frozen
class CalendarRegistry(Mapping[str, WorkingCalendar]):
    """An immutable mapping of names to working calendars.

    Attributes:
        calendars: The calendars by name.
    """

    calendars: Mapping[str, WorkingCalendar] = attrs.field(factory=dict, converter=_checked)

    def __getitem__(self, name: str) -> WorkingCalendar:
        try:
            return self.calendars[name]
        except (KeyError, TypeError):
            raise UnknownCalendar(name, tuple(self.calendars)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.calendars)

    def __len__(self) -> int:
        return len(self.calendars)

    def resolve(self, name: str) -> WorkingCalendar:
        """The calendar called ``name``.

        Raises:
            UnknownCalendar: No calendar has that name.
        """
        return self[name]

    def name_of(self, calendar: WorkingCalendar) -> str:
        """The name under which ``calendar`` (this very object) is registered.

        Raises:
            UnknownCalendar: ``calendar`` is not in the registry.
        """
        for name, candidate in self.calendars.items():
            if candidate is calendar:
                return name
        raise UnknownCalendar(repr(calendar), tuple(self.calendars))

    def with_calendar(self, name: str, calendar: WorkingCalendar) -> CalendarRegistry:
        """A registry with ``calendar`` added under ``name`` (replacing one of that name)."""
        return CalendarRegistry({**self.calendars, name: calendar})
