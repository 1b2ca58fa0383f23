"""Approval chains: the steps a document goes through, each a role with a quorum and deadline.

A chain is an ordered list of **steps**. Each step names a **role** (department head, logistics
manager, finance, general manager, ...), not a person: who holds the role comes from the
organisation's directory when the document is submitted. A step needs a **quorum** of the
role's holders: any one of them, all of them, or at least *n* of them. A step may have a
**deadline** on the business calendar (working hours or working days); once it has passed, the
step **escalates** to another role, whose holders may then approve in its place.

When a document is returned for changes and resubmitted, the chain restarts by its
:class:`RestartRule`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import ClassVar, Final

import attrs

from backoffice.calendar.business import WorkingCalendar
from backoffice.errors import ValidationError
from backoffice.values.ids import EntityId

__all__ = [
    "DEPARTMENT_HEAD",
    "FINANCE",
    "GENERAL_MANAGER",
    "LOGISTICS_MANAGER",
    "LOGISTICS_OFFICER",
    "ApprovalChain",
    "Deadline",
    "DeadlineUnit",
    "Quorum",
    "QuorumKind",
    "RestartRule",
    "Role",
    "StepSpec",
]


@attrs.frozen(order=True, repr=False)
class Role(EntityId):
    """A role in the organisation that can approve, by its code."""

    prefix: ClassVar[str] = "ROLE"


#: The head of the requesting department (部门负责人).
DEPARTMENT_HEAD: Final = Role("department-head")
#: The logistics officer who does the first review (后勤专员, 需求初审).
LOGISTICS_OFFICER: Final = Role("logistics-officer")
#: The logistics (back-office) manager (后勤主管 / 经理).
LOGISTICS_MANAGER: Final = Role("logistics-manager")
#: The finance department (财务部).
FINANCE: Final = Role("finance")
#: The general manager (总经理).
GENERAL_MANAGER: Final = Role("general-manager")


class QuorumKind(enum.Enum):
    """How many of a step's approvers must approve."""

    ANY = "any"
    ALL = "all"
    AT_LEAST = "at-least"


@attrs.frozen
class Quorum:
    """How many approvals a step needs: any one, all, or at least ``count`` (n of m).

    Example:
        >>> Quorum.at_least(2).required(3), Quorum.all().required(3), Quorum.any().required(3)
        (2, 3, 1)
    """

    kind: QuorumKind = QuorumKind.ANY
    count: int = 1

    def __attrs_post_init__(self) -> None:
        if self.count < 1:
            raise ValidationError(f"a quorum needs at least 1, got {self.count}", field="count")

    @classmethod
    def any(cls) -> Quorum:
        """Any one of the approvers."""
        return cls(QuorumKind.ANY)

    @classmethod
    def all(cls) -> Quorum:
        """Every one of the approvers (the requester excepted)."""
        return cls(QuorumKind.ALL)

    @classmethod
    def at_least(cls, count: int) -> Quorum:
        """At least ``count`` different approvers (n of m)."""
        return cls(QuorumKind.AT_LEAST, count)

    def required(self, approvers: int) -> int:
        """How many approvals are needed out of ``approvers`` eligible people."""
        if self.kind is QuorumKind.ANY:
            return 1
        if self.kind is QuorumKind.ALL:
            return approvers
        return self.count

    def to_plain(self) -> str | int:
        """``"any"``, ``"all"`` or the count (plain data for policies)."""
        return self.count if self.kind is QuorumKind.AT_LEAST else self.kind.value

    @classmethod
    def from_plain(cls, value: object) -> Quorum:
        """Parse ``"any"``, ``"all"`` or a positive integer n (n of m)."""
        if value == "any":
            return cls.any()
        if value == "all":
            return cls.all()
        if isinstance(value, int) and not isinstance(value, bool):
            return cls.at_least(value)
        raise ValidationError(
            f"a quorum is 'any', 'all' or a number, got {value!r}", field="quorum", value=value
        )

    def __str__(self) -> str:
        return f"at least {self.count}" if self.kind is QuorumKind.AT_LEAST else self.kind.value


class DeadlineUnit(enum.Enum):
    """What a step deadline counts on the business calendar."""

    WORKING_HOURS = "working-hours"
    WORKING_DAYS = "working-days"


_DUE: Final[dict[DeadlineUnit, Callable[[WorkingCalendar, datetime, int], datetime]]] = {
    DeadlineUnit.WORKING_HOURS: lambda cal, start, n: cal.add_working_time(
        start, timedelta(hours=n)
    ),
    DeadlineUnit.WORKING_DAYS: lambda cal, start, n: cal.add_working_days(start, n),
}


@attrs.frozen
class Deadline:
    """How long a step may wait before it escalates, on the business calendar.

    Example:
        >>> from backoffice.calendar import BusinessCalendar
        >>> from zoneinfo import ZoneInfo
        >>> start = datetime(2025, 3, 7, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> Deadline.working_hours(24).due(start, BusinessCalendar.always("Asia/Shanghai"))
        datetime.datetime(2025, 3, 8, 16, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))
    """

    amount: int
    unit: DeadlineUnit

    def __attrs_post_init__(self) -> None:
        if self.amount < 1:
            raise ValidationError(f"a deadline must be positive, got {self.amount}", field="amount")

    @classmethod
    def working_hours(cls, hours: int) -> Deadline:
        """``hours`` of working time."""
        return cls(hours, DeadlineUnit.WORKING_HOURS)

    @classmethod
    def working_days(cls, days: int) -> Deadline:
        """Close of business of the ``days``-th working day after the step starts."""
        return cls(days, DeadlineUnit.WORKING_DAYS)

    def due(self, start: datetime, calendar: WorkingCalendar) -> datetime:
        """When a step started at ``start`` is overdue."""
        return _DUE[self.unit](calendar, start, self.amount)

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.value.replace('-', ' ')}"


@attrs.frozen
class StepSpec:
    """One step of an approval chain, as a policy specifies it.

    Attributes:
        role: Who approves (every holder of the role is eligible).
        quorum: How many of them must approve.
        deadline: How long the step may wait; ``None``: no deadline.
        escalate_to: The role that may approve once the deadline has passed, or when nobody
            but the requester holds ``role``.
    """

    role: Role
    quorum: Quorum = Quorum()
    deadline: Deadline | None = None
    escalate_to: Role | None = None


class RestartRule(enum.Enum):
    """Where a chain restarts when a returned document is resubmitted."""

    #: From the first step; every approval given before is void (the document changed).
    FROM_START = "from-start"
    #: From the step that returned it, keeping earlier steps' approvals, provided those
    #: steps are unchanged and the amount did not go up; otherwise from the start.
    FROM_RETURNING_STEP = "from-returning-step"


def _steps(value: tuple[StepSpec, ...] | list[StepSpec]) -> tuple[StepSpec, ...]:
    return tuple(value)


@attrs.frozen
class ApprovalChain:
    """The ordered steps a document must pass, and how the chain restarts after a return.

    Attributes:
        steps: The steps, first first.
        restart: The restart rule after "return for changes".
    """

    steps: tuple[StepSpec, ...] = attrs.field(converter=_steps)
    restart: RestartRule = RestartRule.FROM_START

    @property
    def roles(self) -> tuple[Role, ...]:
        """The role of each step, in order."""
        return tuple(step.role for step in self.steps)
