"""Hypothesis strategies for the shared values: money, instants, durations, calendars.

Installing the package registers the value types with hypothesis (the ``hypothesis`` entry
point calls :func:`register_type_strategies`), so ``st.from_type(Money)`` and ``st.builds`` of
your own records with ``Money``, ``Quantity``, ``Percent``, ``Period`` or typed-id fields work
without further set-up.

Example:
    >>> from hypothesis import given
    >>> from backoffice.testing.values import money
    >>> @given(money(currency="CNY"))
    ... def test_adding_zero_changes_nothing(amount):
    ...     assert amount + Money.zero("CNY") == amount
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from backoffice.calendar import BusinessCalendar, Shift, WorkingHours
from backoffice.values.ids import EntityId
from backoffice.values.money import MINOR_UNITS, Money
from backoffice.values.percent import Percent
from backoffice.values.period import Period
from backoffice.values.quantity import Quantity

__all__ = [
    "CURRENCIES",
    "UNITS",
    "ZONES",
    "any_money",
    "aware_datetimes",
    "business_calendars",
    "ids",
    "money",
    "percents",
    "periods",
    "quantities",
    "register_type_strategies",
    "shifts",
    "working_durations",
    "working_hours",
]

IdT = TypeVar("IdT", bound=EntityId)

#: Zones with and without daylight saving, east and west of UTC.
ZONES: tuple[tzinfo, ...] = (
    UTC,
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Asia/Kolkata"),
)


def money(
    currency: str = "CNY", *, min_value: int = -(10**9), max_value: int = 10**9, places: int = 2
) -> st.SearchStrategy[Money]:
    """Amounts with ``places`` decimals between ``min_value`` and ``max_value``."""
    return st.integers(min_value * 10**places, max_value * 10**places).map(
        lambda units: Money(Decimal(units).scaleb(-places), currency)
    )


def aware_datetimes(
    *,
    min_value: datetime = datetime(2024, 1, 1),  # noqa: DTZ001 (hypothesis bounds are naive)
    max_value: datetime = datetime(2027, 6, 30),  # noqa: DTZ001
    zones: tuple[tzinfo, ...] = ZONES,
) -> st.SearchStrategy[datetime]:
    """Aware instants in one of ``zones``, whole seconds or with microseconds."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=st.sampled_from(zones))


def working_durations(max_hours: int = 24 * 20) -> st.SearchStrategy[timedelta]:
    """Non-negative durations, biased towards whole minutes and the seed's SLA targets."""
    return st.one_of(
        st.sampled_from([timedelta(hours=h) for h in (0, 2, 4, 8, 24, 48)]),
        st.integers(0, max_hours * 60).map(lambda m: timedelta(minutes=m)),
        st.integers(0, max_hours * 3600 * 10**6).map(lambda us: timedelta(microseconds=us)),
    )


@st.composite
def shifts(draw: st.DrawFn, *, allow_overnight: bool = True) -> Shift:
    """One shift, on a quarter-hour grid, possibly overnight."""
    start = draw(st.integers(0, 95)) * 15
    longest = 96 if allow_overnight else 96 - start // 15
    length = draw(st.integers(1, max(1, longest))) * 15
    return Shift(timedelta(minutes=start), timedelta(minutes=start + length))


@st.composite
def _day(draw: st.DrawFn, allow_overnight: bool) -> tuple[Shift, ...]:
    candidates = draw(st.lists(shifts(allow_overnight=allow_overnight), max_size=3))
    chosen: list[Shift] = []
    for shift in sorted(candidates):
        if not chosen or shift.start >= chosen[-1].end:
            chosen.append(shift)
    return tuple(chosen)


@st.composite
def working_hours(draw: st.DrawFn, *, allow_overnight: bool = True) -> WorkingHours:
    """Weekly hours with up to three shifts a day and at least one shift in the week."""
    days = draw(st.lists(_day(allow_overnight), min_size=7, max_size=7))
    if not any(days):
        days[draw(st.integers(0, 6))] = (draw(shifts(allow_overnight=allow_overnight)),)
    return WorkingHours(days=days)


@st.composite
def business_calendars(
    draw: st.DrawFn, *, zones: tuple[tzinfo, ...] = ZONES, allow_overnight: bool = True
) -> BusinessCalendar:
    """Calendars with random hours, zone, a few holidays and make-up days (2023-2028)."""
    hours = draw(working_hours(allow_overnight=allow_overnight))
    day = st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31))
    return BusinessCalendar(
        timezone=draw(st.sampled_from(zones)),
        working_hours=hours,
        holidays=draw(st.frozensets(day, max_size=30)),
        extra_working_days=draw(st.frozensets(day, max_size=5)),
    )


#: Currencies the registered ``Money`` strategy draws from: 2, 0 and 3 decimal places.
CURRENCIES: tuple[str, ...] = ("CNY", "EUR", "USD", "JPY", "KWD")

#: Units the registered ``Quantity`` strategy draws from.
UNITS: tuple[str, ...] = ("ream", "box", "piece", "kg", "litre")


def any_money(currencies: tuple[str, ...] = CURRENCIES) -> st.SearchStrategy[Money]:
    """Amounts in one of ``currencies``, to the currency's minor unit, below 10^12."""

    @st.composite
    def build(draw: st.DrawFn) -> Money:
        currency = draw(st.sampled_from(currencies))
        places = MINOR_UNITS.get(currency, 2)
        units = draw(st.integers(-(10**12) * 10**places, 10**12 * 10**places))
        return Money(Decimal(units).scaleb(-places), currency)

    return build()


def quantities(
    units: tuple[str, ...] = UNITS, *, max_value: int = 10**9, places: int = 3
) -> st.SearchStrategy[Quantity]:
    """Quantities in one of ``units``, with up to ``places`` decimals, between -max and max."""
    return st.builds(
        Quantity,
        st.integers(-max_value * 10**places, max_value * 10**places).map(
            lambda n: Decimal(n).scaleb(-places)
        ),
        st.sampled_from(units),
    )


def percents() -> st.SearchStrategy[Percent]:
    """Percentages from 0 to 200 with up to two decimals."""
    return st.integers(0, 20_000).map(lambda n: Percent(Decimal(n).scaleb(-2)))


def periods() -> st.SearchStrategy[Period]:
    """Inclusive date ranges between 2000 and 2099, a day to a few years long."""
    start = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
    return st.builds(
        lambda first, days: Period(first, first + timedelta(days=days)),
        start,
        st.integers(0, 3 * 366),
    )


def ids(kind: type[IdT]) -> st.SearchStrategy[IdT]:
    """Readable ids of ``kind`` as a :class:`SequentialIds` would mint them (``REQ-000042``)."""
    return st.integers(1, 999_999).map(lambda n: kind(f"{kind.prefix}-{n:06d}"))


def _id_types() -> list[type[EntityId]]:
    import backoffice  # noqa: F401, PLC0415 - every domain's id types, defined on import

    found: list[type[EntityId]] = []
    pending: list[type[EntityId]] = [EntityId]
    while pending:
        kind = pending.pop()
        if kind not in found:
            found.append(kind)
            pending.extend(kind.__subclasses__())
    return found


def register_type_strategies() -> None:
    """Teach ``st.from_type`` (and ``st.builds``' inference) backoffice's value types.

    Registers :func:`any_money` for ``Money``, :func:`quantities` for ``Quantity``,
    :func:`percents`, :func:`periods`, and :func:`ids` for ``EntityId`` and every id type the
    package defines (``RequestId``, ``LocationId``, ``BudgetId``, ...). It runs by itself when
    hypothesis is imported, through the ``hypothesis`` entry point of the installed package;
    id types of your own, defined later, need their own ``st.register_type_strategy``.
    """
    st.register_type_strategy(Money, any_money())
    st.register_type_strategy(Quantity, quantities())
    st.register_type_strategy(Percent, percents())
    st.register_type_strategy(Period, periods())
    for kind in _id_types():
        st.register_type_strategy(kind, ids(kind))


#: Called by hypothesis on import through the entry point declared in pyproject.toml.
_hypothesis_setup_hook = register_type_strategies
