"""Target snapshots read back from storage, joined again to the calendars they name.

An event that fixes SLA targets (a submission, an acceptance, a regrade) stores them as plain
data: each target names its calendar (``"24x7"``, ``"office"``). To count the time still to
come on a rebuilt request, the names are resolved in a calendar registry passed to the replay;
an unknown name is a :class:`~backoffice.calendar.UnknownCalendar`.

:class:`SnapshotResolver` does it once per distinct snapshot, so every request rebuilt with the
same targets shares one resolved copy (as requests graded live share their policy's targets).
"""

from __future__ import annotations

from collections.abc import Mapping

from backoffice.calendar import UnknownCalendar, WorkingCalendar
from backoffice.domain.requests.targets import SlaTarget, SlaTargets

__all__ = ["SnapshotResolver"]


class SnapshotResolver:
    """Resolves the calendar names of target snapshots, each distinct snapshot once.

    Args:
        calendars: Calendars by name (a :class:`~backoffice.calendar.CalendarRegistry`), or
            ``None`` to accept only targets already resolved (events recorded in this process).
    """

    __slots__ = ("_calendars", "_sets", "_targets")

    def __init__(self, calendars: Mapping[str, WorkingCalendar] | None = None) -> None:
        self._calendars = calendars
        self._targets: dict[SlaTarget, SlaTarget] = {}
        self._sets: dict[SlaTargets, SlaTargets] = {}

    def target(self, target: SlaTarget) -> SlaTarget:
        """``target`` counting on its named calendar.

        Raises:
            UnknownCalendar: The name is not among the calendars (or none were given and the
                target is not resolved).
        """
        if self._calendars is None:
            if not target.is_resolved:
                raise UnknownCalendar(target.calendar, ())
            return target
        known = self._targets.get(target)
        if known is None:
            known = self._targets[target] = target.resolved(self._calendars)
        return known

    def targets(self, targets: SlaTargets) -> SlaTargets:
        """``targets`` counting on their named calendars (see :meth:`target`)."""
        if self._calendars is None:
            for target in targets.targets:
                self.target(target)
            return targets
        known = self._sets.get(targets)
        if known is None:
            resolved = SlaTargets(tuple(self.target(t) for t in targets.targets))
            known = self._sets[targets] = resolved
        return known
