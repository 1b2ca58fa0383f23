"""The correction deadline policy: how long a finding of each severity may stay uncorrected.

Findings of an inspection (隐患) must be corrected within a deadline that depends on their
severity. :class:`SeverityDeadlines`, the default, gives a number of calendar days per
severity; the seed: critical the next day, major within a week, minor within a month. Built
from plain data::

    {"critical": 1, "major": 7, "minor": 30}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, Protocol

import attrs

from backoffice.domain.inspections.checklist import Severity
from backoffice.errors import PolicyConfigurationError

__all__ = ["CorrectionDeadlinePolicy", "SeverityDeadlines"]


class CorrectionDeadlinePolicy(Protocol):
    """Decides the correction deadline of a finding."""

    def deadline(self, severity: Severity, found_on: date) -> date:
        """The last day a finding of ``severity`` found on ``found_on`` may be corrected."""
        ...


def _days(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PolicyConfigurationError(f"{field} must be a whole number of days >= 0", field=field)
    return value


@attrs.frozen
class SeverityDeadlines:
    """Calendar days to correct a finding, by severity.

    Attributes:
        critical: Days for critical findings.
        major: Days for major findings.
        minor: Days for minor findings.

    Example:
        >>> SeverityDeadlines.seed().deadline(Severity.MAJOR, date(2025, 3, 3))
        datetime.date(2025, 3, 10)
    """

    critical: int = 1
    major: int = 7
    minor: int = 30

    def __attrs_post_init__(self) -> None:
        for severity in Severity:
            _days(getattr(self, severity.value), severity.value)

    @classmethod
    def seed(cls) -> SeverityDeadlines:
        """Critical: next day; major: a week; minor: a month (30 days)."""
        return cls()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SeverityDeadlines:
        """Build from ``{"critical": 1, "major": 7, "minor": 30}`` (keys left out: the seed).

        Raises:
            PolicyConfigurationError: An unknown severity or a malformed number, named.
        """
        known = {s.value for s in Severity}
        unknown = sorted(set(data) - known)
        if unknown:
            raise PolicyConfigurationError(f"unknown severities {unknown}", field=unknown[0])
        return cls(**{key: _days(value, key) for key, value in data.items()})

    def deadline(self, severity: Severity, found_on: date) -> date:
        """``found_on`` plus the severity's days."""
        return found_on + timedelta(days=getattr(self, Severity(severity).value))
