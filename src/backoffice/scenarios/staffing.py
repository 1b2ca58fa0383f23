"""Staffing: the teams that do the work, how many technicians each has, and when they work.

A back office answers requests with teams (维修班组, 保洁, 库房, 车队, ...): each team has some
technicians, works on its own calendar (the office's hours, or round the clock for an on-call
facilities team) and takes the categories of work it is responsible for. Requests wait in the
team's queue, most urgent first and then in order of acceptance; a technician takes the next
one as soon as they are free, and the work counts only in the team's working time.

:func:`schedule` plays that queue through for one team and says, for each job, when work
started and when it finished.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final

import attrs

from backoffice.calendar import BusinessCalendar
from backoffice.domain.requests import Category
from backoffice.errors import PolicyConfigurationError

__all__ = ["SEED_STAFFING", "Job", "Staffing", "Team", "schedule"]

#: The built-in staffing, as plain data: six teams on the office calendar.
SEED_STAFFING: Final[Mapping[str, Mapping[str, Any]]] = {
    "facilities": {"technicians": 3, "calendar": "office", "categories": ["repair", "security"]},
    "cleaning": {"technicians": 2, "calendar": "office", "categories": ["cleaning"]},
    "stores": {"technicians": 1, "calendar": "office", "categories": ["supplies"]},
    "fleet": {"technicians": 1, "calendar": "office", "categories": ["vehicle"]},
    "it": {"technicians": 2, "calendar": "office", "categories": ["it"]},
    "events": {
        "technicians": 1,
        "calendar": "office",
        "categories": ["venue", "catering", "other"],
    },
}
_TEAM_KEYS: Final = frozenset({"technicians", "calendar", "categories"})


@attrs.frozen
class Team:
    """One team: its name, its technicians, its calendar's name and its categories of work.

    Attributes:
        name: The team's name (``"facilities"``).
        technicians: How many people take jobs at once (at least 1).
        calendar: The name of the calendar they work on.
        categories: The categories of work the team takes.
    """

    name: str
    technicians: int
    calendar: str
    categories: frozenset[Category]


@attrs.frozen
class Staffing:
    """All teams; every category of work belongs to exactly one.

    Attributes:
        teams: The teams, in the order given.
    """

    teams: tuple[Team, ...]

    def team_for(self, category: Category) -> Team:
        """The team that takes ``category``."""
        for team in self.teams:
            if category in team.categories:
                return team
        raise PolicyConfigurationError(  # pragma: no cover (from_dict checks every category)
            f"no team takes {category}", field="staffing"
        )

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, calendars: Sequence[str], where: str = "staffing"
    ) -> Staffing:
        """Build from ``{team: {technicians, calendar, categories}}`` (the seed by default).

        Raises:
            PolicyConfigurationError: A team's field is wrong, a calendar unknown, or a category
                taken by no team or by two.
        """
        teams: list[Team] = []
        owner: dict[Category, str] = {}
        for name, table in (data or SEED_STAFFING).items():
            here = f"{where}.{name}"
            if not isinstance(table, Mapping):
                raise PolicyConfigurationError(f"{here}: must be a table", field=here)
            unknown = set(table) - _TEAM_KEYS
            if unknown:
                raise PolicyConfigurationError(
                    f"{here}: unknown keys {sorted(unknown)}; known: {sorted(_TEAM_KEYS)}",
                    field=here,
                )
            count = table.get("technicians")
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                raise PolicyConfigurationError(
                    f"{here}.technicians: a whole number >= 1, got {count!r}",
                    field=f"{here}.technicians",
                )
            calendar = table.get("calendar", "office")
            if calendar not in calendars:
                raise PolicyConfigurationError(
                    f"{here}.calendar: unknown calendar {calendar!r}; known: {sorted(calendars)}",
                    field=f"{here}.calendar",
                )
            try:
                categories = frozenset(Category(c) for c in table.get("categories", ()))
            except ValueError as error:
                raise PolicyConfigurationError(
                    f"{here}.categories: {error}; known: {[c.value for c in Category]}",
                    field=f"{here}.categories",
                ) from error
            for category in categories:
                if category in owner:
                    raise PolicyConfigurationError(
                        f"{here}.categories: {category} is already taken by {owner[category]}",
                        field=f"{here}.categories",
                    )
                owner[category] = name
            teams.append(Team(str(name), count, str(calendar), categories))
        missing = [c.value for c in Category if c not in owner]
        if missing:
            raise PolicyConfigurationError(
                f"{where}: no team takes {missing}", field=f"{where}.categories"
            )
        return cls(tuple(teams))


@attrs.frozen
class Job:
    """A piece of work waiting for a team.

    Attributes:
        ready_at: When it can start (accepted and assigned).
        priority: Lower goes first (0 urgent, 1 important, 2 routine).
        work: The working time it takes.
        order: Breaks ties (the order of arrival).
    """

    ready_at: datetime
    priority: int
    work: timedelta
    order: int


def schedule(
    jobs: Sequence[Job], technicians: int, calendar: BusinessCalendar
) -> list[tuple[datetime, datetime]]:
    """When each job starts and finishes, in the order of ``jobs``.

    Each free technician takes the most urgent job that is ready (then the earliest ready);
    work starts at the next working instant of ``calendar`` and takes the job's working time
    on it.
    """
    order = sorted(range(len(jobs)), key=lambda i: (jobs[i].ready_at, jobs[i].order))
    result: list[tuple[datetime, datetime]] = [(j.ready_at, j.ready_at) for j in jobs]
    if not jobs:
        return result
    free = [(jobs[order[0]].ready_at, person) for person in range(technicians)]
    waiting: list[tuple[int, datetime, int, int]] = []
    position = 0
    while waiting or position < len(order):
        at, person = heapq.heappop(free)
        if not waiting and at < jobs[order[position]].ready_at:
            at = jobs[order[position]].ready_at
        at = calendar.next_working_time(at)
        while position < len(order) and jobs[order[position]].ready_at <= at:
            job = jobs[order[position]]
            heapq.heappush(waiting, (job.priority, job.ready_at, job.order, order[position]))
            position += 1
        index = heapq.heappop(waiting)[3]
        if at < jobs[index].ready_at:  # queued while this technician was still free earlier
            at = calendar.next_working_time(jobs[index].ready_at)
        finish = calendar.add_working_time(at, jobs[index].work)
        result[index] = (at, finish)
        heapq.heappush(free, (finish, person))
    return result
