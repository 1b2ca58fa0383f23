"""The fixed vocabularies of preventive maintenance: frequencies, anchors, holiday shifts.

A plan (预防性维护计划) repeats at a *frequency* (every N days, weeks, months or years); its next
occurrence is counted either on a *fixed calendar* (the 1st of every quarter, whatever happened)
or *after the last completion* (three months after the filter was last changed); an occurrence
that falls on a holiday is *shifted* to the previous or the next working day, or left alone.
"""

from __future__ import annotations

import enum

__all__ = ["Anchor", "Frequency", "HolidayShift", "OccurrenceStatus"]


class Frequency(enum.StrEnum):
    """The unit a plan repeats in."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


class Anchor(enum.StrEnum):
    """What the next occurrence is counted from."""

    FIXED_CALENDAR = "fixed_calendar"
    AFTER_COMPLETION = "after_completion"


class HolidayShift(enum.StrEnum):
    """What happens to an occurrence due on a day the office does not work."""

    PREVIOUS_WORKING_DAY = "previous_working_day"
    NEXT_WORKING_DAY = "next_working_day"
    NONE = "none"


class OccurrenceStatus(enum.StrEnum):
    """Where a raised occurrence is."""

    OPEN = "open"
    COMPLETED = "completed"
    SKIPPED = "skipped"
