"""The laws every depreciation method obeys, checked against yours with one call.

A depreciation method (:class:`~backoffice.policies.depreciation.DepreciationPolicy`) decides
each period's exact charge; :func:`~backoffice.policies.depreciation.depreciation_schedule`
rounds it to the cent, keeps the book value from going below the residual value and, for a
method that settles at the end of its life, charges what is left in the last period. The check
lays out schedules with your method for bases (and meter readings) hypothesis draws and checks
:data:`DEPRECIATION_POLICY_LAWS`:

* **charges are never negative**: the method's own charge, before the schedule rounds or caps
  it, is a ``Decimal`` of at least zero (a schedule that silently raises a negative charge to
  zero hides the mistake, so the law looks at what the method said);
* **a charge depends on the period's situation alone**: asked again about the same situation,
  the method answers the same;
* **charges sum exactly to cost less residual**: for a method that depreciates fully
  (``settles_at_end_of_life``, or ``fully_depreciates=True``), the charges over the life add
  up to cost less residual value to the cent; for any method, never to more; every charge is
  whole cents;
* **book value never below residual, accumulated never falls**: period after period.

Example:
    >>> from backoffice.policies.depreciation import StraightLine
    >>> check_depreciation_policy_laws(StraightLine())
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Final

import attrs
from hypothesis import settings
from hypothesis import strategies as st

from backoffice.policies.depreciation import (
    DepreciationBasis,
    DepreciationPolicy,
    PeriodSituation,
    depreciation_schedule,
)
from backoffice.testing.assets import depreciation_bases
from backoffice.testing.laws._core import (
    LawViolation,
    chosen_laws,
    law_database_key,
    run_laws,
)
from backoffice.values import Money

__all__ = ["DEPRECIATION_POLICY_LAWS", "check_depreciation_policy_laws"]

NEVER_NEGATIVE: Final = "charges are never negative"
SITUATION_ALONE: Final = "a charge depends on the period's situation alone"
SUMS_EXACTLY: Final = "charges sum exactly to cost less residual"
NEVER_BELOW_RESIDUAL: Final = "book value never below residual, accumulated never falls"

#: The laws of a depreciation method, in the order they are checked.
DEPRECIATION_POLICY_LAWS: Final = (
    NEVER_NEGATIVE,
    SITUATION_ALONE,
    SUMS_EXACTLY,
    NEVER_BELOW_RESIDUAL,
)


@attrs.define
class _Recorder:
    """The method, with every situation it was asked about and what it answered."""

    inner: DepreciationPolicy
    asked: list[tuple[PeriodSituation, Decimal]] = attrs.field(factory=list)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def settles_at_end_of_life(self) -> bool:
        return self.inner.settles_at_end_of_life

    def charge(self, situation: PeriodSituation) -> Decimal:
        answer = self.inner.charge(situation)
        self.asked.append((situation, answer))
        return answer if isinstance(answer, Decimal) else Decimal(0)


def check_depreciation_policy_laws(
    policy: DepreciationPolicy,
    *,
    laws: Iterable[str] | None = None,
    fully_depreciates: bool | None = None,
    bases: st.SearchStrategy[DepreciationBasis] | None = None,
    settings: settings | None = None,
) -> None:
    """Check ``policy`` against :data:`DEPRECIATION_POLICY_LAWS` on schedules drawn.

    Args:
        policy: Your method.
        laws: The laws to check (all by default).
        fully_depreciates: Whether the charges must reach cost less residual by the end of
            the life (by default: ``policy.settles_at_end_of_life``). Say ``True`` for a
            time-based method of yours that leaves the settling to the periods themselves.
        bases: The assets to depreciate
            (:func:`~backoffice.testing.assets.depreciation_bases` by default).
        settings: Hypothesis settings (the active profile's by default).

    Raises:
        LawViolation: An example breaks a law; the message names the law and the example.
        ValueError: ``laws`` names an unknown law.
    """
    chosen = chosen_laws(DEPRECIATION_POLICY_LAWS, laws)
    full = policy.settles_at_end_of_life if fully_depreciates is None else fully_depreciates

    def check(basis: DepreciationBasis, per_day: int) -> None:
        _check(policy, chosen, full, basis, per_day)

    run_laws(
        check,
        {"basis": bases or depreciation_bases(), "per_day": st.integers(0, 50)},
        settings,
        key=law_database_key("depreciation", policy, () if laws is None else chosen),
    )


def _check(
    policy: DepreciationPolicy,
    laws: tuple[str, ...],
    full: bool,
    basis: DepreciationBasis,
    per_day: int,
) -> None:
    def meter(start: date, end: date) -> Decimal:
        return Decimal((end - start).days * per_day)

    recorder = _Recorder(policy)
    schedule = depreciation_schedule(basis, recorder, usage=meter)
    where = f"for {basis!r} with a meter reading {per_day} a day"
    for situation, answer in recorder.asked:
        if NEVER_NEGATIVE in laws and (not isinstance(answer, Decimal) or answer < 0):
            raise LawViolation(NEVER_NEGATIVE, f"charged {answer!r} for {situation!r} {where}")
        if SITUATION_ALONE in laws and policy.charge(situation) != answer:
            raise LawViolation(
                SITUATION_ALONE,
                f"charged {answer!r}, then {policy.charge(situation)!r}, for {situation!r} {where}",
            )
    depreciable = basis.cost - basis.residual_value
    if SUMS_EXACTLY in laws:
        total = schedule.total_charged
        if (full and total != depreciable) or total > depreciable:
            raise LawViolation(
                SUMS_EXACTLY, f"charged {total} in all, against {depreciable} {where}"
            )
        for line in schedule.lines:
            if line.charge != line.charge.rounded():
                raise LawViolation(SUMS_EXACTLY, f"{line!r} is not whole cents {where}")
    if NEVER_BELOW_RESIDUAL in laws:
        accumulated = Money.zero(basis.cost.currency)
        for line in schedule.lines:
            if line.book_value < basis.residual_value or line.accumulated < accumulated:
                raise LawViolation(
                    NEVER_BELOW_RESIDUAL,
                    f"{line!r} after {accumulated} accumulated, residual "
                    f"{basis.residual_value} {where}",
                )
            accumulated = line.accumulated
