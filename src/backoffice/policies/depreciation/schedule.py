"""Depreciation schedules, exact to the cent, and what a disposal gives.

:func:`depreciation_schedule` lays an asset's life out in periods (months by default) and asks
the method for each period's charge. Each charge is rounded to the currency's smallest unit
(banker's rounding) and capped so the book value never goes below the residual value; for
methods that settle at the end of the life, the **last period charges exactly what is left**,
so the charges sum to cost minus residual value to the cent and any rounding drift lands in the
last period. Part periods are counted by :mod:`.periods`' pro-rata rule; changes
(:mod:`.changes`) apply prospectively.

:meth:`DepreciationSchedule.disposal` gives the book value on a disposal day and the gain or
loss against the proceeds: the disposal period is charged pro rata up to the day before the
disposal day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

import attrs

from backoffice.errors import ValidationError
from backoffice.policies.depreciation import changes as ch
from backoffice.policies.depreciation.methods import DepreciationPolicy, PeriodSituation
from backoffice.policies.depreciation.periods import (
    ProRata,
    depreciation_start,
    life_end,
    month_units,
    next_boundary,
)
from backoffice.values import inputs
from backoffice.values.money import Money
from backoffice.values.period import Period
from backoffice.values.trusted import trusted

__all__ = [
    "DepreciationBasis",
    "DepreciationSchedule",
    "DisposalOutcome",
    "ScheduleLine",
    "UsageBetween",
    "depreciation_schedule",
]

_ZERO = Decimal(0)
_DAY = timedelta(days=1)
#: Money from amounts the schedule computed from checked Money in one currency.
_money = trusted(Money, "amount", "currency")

#: Meter usage in the days ``[start, end)``.
UsageBetween = Callable[[date, date], Decimal]


def _pro_rata(value: object) -> ProRata:
    return inputs.choice(value, ProRata, "pro_rata")


@attrs.frozen(kw_only=True)
class DepreciationBasis:
    """What a schedule starts from.

    Attributes:
        cost: The acquisition cost.
        residual_value: The residual value at the end of the life (same currency, not above
            the cost).
        in_service_on: The first day of service.
        life_months: The useful life in months (at least 1).
        pro_rata: How part months count (daily by default).
        months_per_period: 1 (monthly), 3 (quarterly), 6 or 12.
    """

    cost: Money
    residual_value: Money
    in_service_on: date
    life_months: int
    pro_rata: ProRata = attrs.field(default=ProRata.DAILY, converter=_pro_rata)
    months_per_period: int = 1

    def __attrs_post_init__(self) -> None:
        inputs.non_negative_money(self.cost, "cost")
        inputs.non_negative_money(self.residual_value, "residual_value")
        inputs.day(self.in_service_on, "in_service_on")
        inputs.whole_number(self.life_months, "life_months", minimum=1)
        if self.residual_value.currency != self.cost.currency:
            raise ValidationError(
                "residual value and cost differ in currency", field="residual_value"
            )
        if self.residual_value > self.cost:
            raise ValidationError("residual value is above the cost", field="residual_value")
        if self.months_per_period not in (1, 3, 6, 12):
            raise ValidationError("months_per_period is 1, 3, 6 or 12", field="months_per_period")


@attrs.frozen
class ScheduleLine:
    """One period of a schedule.

    Attributes:
        period: The days of the period (both included).
        adjustment: Change of book value at the period's start from a revaluation or
            impairment (negative for a write-down); zero otherwise.
        charge: The period's depreciation charge.
        accumulated: Depreciation charged so far, this period included.
        book_value: The book value at the end of the period.
    """

    period: Period
    adjustment: Money
    charge: Money
    accumulated: Money
    book_value: Money


_line = trusted(ScheduleLine, "period", "adjustment", "charge", "accumulated", "book_value")


@attrs.frozen
class DisposalOutcome:
    """What a disposal gives (处置损益).

    Attributes:
        disposed_on: The disposal day.
        accumulated: Depreciation charged up to the day before.
        book_value: The book value on the disposal day.
        proceeds: What was received.
        gain: Proceeds less book value (negative for a loss).
    """

    disposed_on: date
    accumulated: Money
    book_value: Money
    proceeds: Money
    gain: Money


@attrs.frozen
class DepreciationSchedule:
    """An asset's depreciation, period by period.

    Attributes:
        basis: What it started from.
        method: The method it started under.
        lines: The periods, in order.
    """

    basis: DepreciationBasis
    method: DepreciationPolicy
    lines: tuple[ScheduleLine, ...]

    @property
    def total_charged(self) -> Money:
        """The sum of the charges."""
        return sum((line.charge for line in self.lines), Money.zero(self.basis.cost.currency))

    @property
    def total_adjusted(self) -> Money:
        """The sum of revaluation and impairment adjustments."""
        return sum((line.adjustment for line in self.lines), Money.zero(self.basis.cost.currency))

    def book_value_on(self, day: date) -> Money:
        """The book value at the start of ``day``, charges of periods ended before it counted.

        The period under way on ``day`` is charged pro rata for its days before ``day``.
        """
        return self._at(day)[1]

    def disposal(self, disposed_on: date, proceeds: Money | None = None) -> DisposalOutcome:
        """The book value on ``disposed_on`` and the gain (or loss) against ``proceeds``."""
        received = Money.zero(self.basis.cost.currency) if proceeds is None else proceeds
        accumulated, book = self._at(disposed_on)
        return DisposalOutcome(disposed_on, accumulated, book, received, received - book)

    def _at(self, day: date) -> tuple[Money, Money]:
        currency = self.basis.cost.currency
        accumulated, book = Money.zero(currency), self.basis.cost
        for line in self.lines:
            if line.period.start >= day:
                break
            book += line.adjustment
            if line.period.end < day:
                accumulated, book = line.accumulated, line.book_value
                continue
            end = line.period.end + _DAY
            share = month_units(line.period.start, day) / month_units(line.period.start, end)
            part = (line.charge * share).rounded(ROUND_HALF_EVEN)
            return accumulated + part, book - part
        return accumulated, book


def depreciation_schedule(
    basis: DepreciationBasis,
    method: DepreciationPolicy,
    *,
    changes: Iterable[ch.DepreciationChange] = (),
    usage: UsageBetween | None = None,
) -> DepreciationSchedule:
    """Lay out the depreciation of an asset over its useful life.

    Args:
        basis: Cost, residual value, first day of service, life, pro-rata rule, period length.
        method: The depreciation method (a :class:`DepreciationPolicy`).
        changes: Prospective changes (revaluation, impairment, life, method, residual value).
        usage: Meter usage between two days, for units-of-production depreciation.

    Raises:
        ValidationError: A change is in another currency, or shortens the life to end before
            it takes effect.

    Example:
        >>> from backoffice.policies.depreciation import StraightLine
        >>> basis = DepreciationBasis(cost=Money("10000.00", "CNY"),
        ...     residual_value=Money("0.00", "CNY"), in_service_on=date(2025, 1, 1),
        ...     life_months=36)
        >>> schedule = depreciation_schedule(basis, StraightLine())
        >>> str(schedule.lines[0].charge), str(schedule.lines[-1].charge)
        ('277.78 CNY', '277.70 CNY')
        >>> schedule.total_charged
        Money('10000.00', 'CNY')
    """
    pending = sorted(changes, key=lambda change: change.effective)
    currency = basis.cost.currency
    for change in pending:
        _check_currency(change, currency)
    unit = Money.zero(currency).minor_unit
    first_day = depreciation_start(basis.in_service_on, basis.pro_rata)
    run = _Running(
        basis.cost.amount, basis.residual_value.amount, basis.life_months, method, first_day
    )
    accumulated, usage_before = _ZERO, _ZERO
    lines: list[ScheduleLine] = []
    start = first_day
    base_depreciable, base_units = run.book - run.residual, month_units(start, run.end)
    while start < run.end:
        adjustment = _ZERO
        if pending and pending[0].effective <= start:
            while pending and pending[0].effective <= start:
                adjustment += run.apply(pending.pop(0), start)
            base_depreciable, base_units = run.book - run.residual, month_units(start, run.end)
        stop = min(next_boundary(start, basis.months_per_period), run.end)
        period_usage = usage(start, stop) if usage is not None else _ZERO
        situation = PeriodSituation(
            run.book, run.residual, run.life, month_units(start, run.end),
            month_units(start, stop), period_usage, usage_before, base_depreciable, base_units,
        )  # fmt: skip
        room = run.book - run.residual
        if stop == run.end and run.policy.settles_at_end_of_life:
            charge = room
        else:
            exact = run.policy.charge(situation)
            charge = min(max(exact.quantize(unit, rounding=ROUND_HALF_EVEN), _ZERO), room)
        run.book -= charge
        accumulated += charge
        usage_before += period_usage
        lines.append(
            _line(
                Period(start, stop - _DAY),
                _money(adjustment, currency),
                _money(charge, currency),
                _money(accumulated, currency),
                _money(run.book, currency),
            )
        )
        start = stop
    return DepreciationSchedule(basis, method, tuple(lines))


def _check_currency(change: ch.DepreciationChange, currency: str) -> None:
    for name in ("value", "loss", "residual_value"):
        amount = getattr(change, name, None)
        if isinstance(amount, Money) and amount.currency != currency:
            raise ValidationError(
                f"{type(change).__name__} {amount} is not in {currency}", field="changes"
            )


@attrs.define
class _Running:
    """The figures a schedule carries from period to period, and how a change moves them."""

    book: Decimal
    residual: Decimal
    life: int
    policy: DepreciationPolicy
    first_day: date
    end: date = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.end = life_end(self.first_day, self.life)

    def apply(self, change: ch.DepreciationChange, start: date) -> Decimal:
        """Apply ``change`` at ``start``; return the change of book value it made."""
        before = self.book
        if isinstance(change, ch.Revaluation):
            self.book = change.value.amount
        elif isinstance(change, ch.Impairment):
            self.book -= min(change.loss.amount, self.book)
        elif isinstance(change, ch.UsefulLifeChange):
            end = life_end(self.first_day, change.life_months)
            if end <= start:
                raise ValidationError(
                    f"a life of {change.life_months} months ends on {end}, before the change "
                    f"takes effect on {start}",
                    field="life_months",
                )
            self.life, self.end = change.life_months, end
        elif isinstance(change, ch.MethodChange):
            self.policy = change.method
        else:
            self.residual = change.residual_value.amount
        self.residual = min(self.residual, self.book)
        return self.book - before
