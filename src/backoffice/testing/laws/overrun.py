"""The laws every overrun policy obeys, checked against yours with one call.

An overrun policy (:class:`~backoffice.policies.overrun.OverrunPolicy`) decides the overrun
rule of each budget line. The check opens lines through the real
:class:`~backoffice.services.budgets.BudgetService` with your policy, drives the budget with a
command sequence hypothesis draws (commitments, direct expenses, invoices, releases, some with
an approved override), and after every command checks :data:`OVERRUN_POLICY_LAWS`:

* **every line gets a rule**: for every line, the policy decides an
  :class:`~backoffice.domain.budgets.rules.OverrunRule`, the same one each time it is asked;
* **available is plan less committed less actual**: each line's figures add up, against a
  model that re-sums the commands the budget accepted;
* **a stop never passes the tolerance without a recorded override**: on a "stop" line,
  spending to date never exceeds the budget to date times one plus the rule's tolerance, plus
  the excess of the overrides recorded (``BudgetOverrunOverridden``) up to then.

Example:
    >>> from backoffice.policies.overrun import SEED_OVERRUN_POLICY
    >>> check_overrun_policy_laws(SEED_OVERRUN_POLICY)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Final

from hypothesis import settings
from hypothesis import strategies as st

from backoffice.domain.budgets import (
    Authorization,
    Budget,
    BudgetId,
    BudgetLineKey,
    BudgetOverrunOverridden,
    CheckBasis,
    CommitmentId,
    ExpenseId,
    LineFigures,
    MonthlyPlan,
    OverrunAction,
    OverrunRule,
)
from backoffice.errors import BackofficeError
from backoffice.policies.overrun import OverrunPolicy
from backoffice.services.budgets import BudgetService
from backoffice.testing.budgets import line_keys, monthly_plans
from backoffice.testing.histories import BudgetCommand, budget_commands
from backoffice.testing.laws._core import (
    LawViolation,
    chosen_laws,
    law_database_key,
    run_laws,
)
from backoffice.values import ActorId, Money, Period

__all__ = ["OVERRUN_POLICY_LAWS", "check_overrun_policy_laws"]

EVERY_LINE_GETS_A_RULE: Final = "every line gets a rule"
AVAILABLE_ADDS_UP: Final = "available is plan less committed less actual"
STOP_HOLDS: Final = "a stop never passes the tolerance without a recorded override"

#: The laws of an overrun policy, in the order they are checked.
OVERRUN_POLICY_LAWS: Final = (EVERY_LINE_GETS_A_RULE, AVAILABLE_ADDS_UP, STOP_HOLDS)

_AT: Final = datetime(2025, 1, 1, tzinfo=UTC)
_CLERK, _GM = ActorId("law.clerk"), ActorId("law.gm")
_ZERO: Final = Decimal(0)


def check_overrun_policy_laws(
    policy: OverrunPolicy,
    *,
    laws: Iterable[str] | None = None,
    lines: st.SearchStrategy[BudgetLineKey] | None = None,
    settings: settings | None = None,
) -> None:
    """Check ``policy`` against :data:`OVERRUN_POLICY_LAWS` on budgets hypothesis drives.

    Args:
        policy: Your policy.
        laws: The laws to check (all by default).
        lines: The budget lines to open (:func:`~backoffice.testing.budgets.line_keys`, four
            departments and the seed categories, by default; give your own departments).
        settings: Hypothesis settings (the active profile's by default).

    Raises:
        LawViolation: An example breaks a law; the message names the law and the example.
        ValueError: ``laws`` names an unknown law.
    """
    chosen = chosen_laws(OVERRUN_POLICY_LAWS, laws)
    keys = st.lists(lines or line_keys(), min_size=1, max_size=3, unique=True)
    key = law_database_key("overrun", policy, () if laws is None else chosen)
    if EVERY_LINE_GETS_A_RULE in chosen:  # cheap, and shrinks fast: on its own first

        def decide(keys: list[BudgetLineKey]) -> None:
            for line in keys:
                _rule_of(policy, line)

        run_laws(decide, {"keys": keys}, settings, key=key)
    budget_laws = tuple(law for law in chosen if law != EVERY_LINE_GETS_A_RULE)
    if not budget_laws:
        return

    def check(
        keys: list[BudgetLineKey], plans: list[MonthlyPlan], commands: list[BudgetCommand]
    ) -> None:
        OverrunLawCheck(policy, budget_laws, keys, plans).run(commands)

    run_laws(
        check,
        {
            "keys": keys,
            "plans": st.lists(monthly_plans(max_annual=100_000), min_size=3, max_size=3),
            "commands": st.lists(budget_commands(max_amount=60_000), max_size=12),
        },
        settings,
        key=key,
    )


class OverrunLawCheck:
    """One budget under the policy, its model, and the laws after every command."""

    def __init__(
        self,
        policy: OverrunPolicy,
        laws: tuple[str, ...],
        keys: list[BudgetLineKey],
        plans: list[MonthlyPlan],
    ) -> None:
        self.laws, self.keys = laws, keys
        service = BudgetService(overrun_policy=policy)
        service.open_budget(BudgetId("BUD-LAW"), Period.year(2025), "CNY", actor=_GM, at=_AT)
        for key, plan in zip(keys, plans, strict=False):
            service.open_line(BudgetId("BUD-LAW"), key, plan, actor=_GM, at=_AT)
        self.budget: Budget = service.budget(BudgetId("BUD-LAW"))
        self.open: dict[CommitmentId, tuple[BudgetLineKey, Decimal]] = {}
        self.actual = dict.fromkeys(keys, _ZERO)
        self.overrides: list[BudgetOverrunOverridden] = []
        self.done: list[str] = []

    def run(self, commands: list[BudgetCommand]) -> None:
        self.budget.collect_events()
        self.check()
        for command in commands:
            self.step(command)
            self.check()

    def step(self, command: BudgetCommand) -> None:
        """Apply ``command`` (a refusal is part of the history) and keep the overrides."""
        self._apply(len(self.done), command)
        self.overrides += [
            e for e in self.budget.collect_events() if isinstance(e, BudgetOverrunOverridden)
        ]

    def _apply(self, number: int, command: BudgetCommand) -> None:
        key = self.keys[command.line % len(self.keys)]
        on = date(2025, command.month, 1)
        amount = Money(command.amount, "CNY")
        override = (
            Authorization(f"APR-{number}", _GM, "approved overrun", amount)
            if command.override
            else None
        )
        self.done.append(repr(command))
        try:
            if command.kind == "commit":
                cid = CommitmentId(f"C{number}")
                self.budget.commit(cid, key, amount, on=on, override=override, actor=_CLERK, at=_AT)
                self.open[cid] = (key, command.amount)
            elif command.kind == "expense":
                self.budget.record_direct_expense(
                    ExpenseId(f"E{number}"), key, amount, on=on, override=override,
                    actor=_CLERK, at=_AT,
                )  # fmt: skip
                self.actual[key] += command.amount
            elif self.open:
                cid = sorted(self.open)[command.line % len(self.open)]
                line, left = self.open[cid]
                if command.kind == "release" and left > 0:
                    self.budget.release_commitment(cid, actor=_CLERK, at=_AT)
                    self.open[cid] = (line, _ZERO)
                elif command.kind == "invoice" and left > 0:
                    self.budget.record_actual(
                        ExpenseId(f"E{number}"), cid, amount, on=on, final=command.final,
                        override=override, actor=_CLERK, at=_AT,
                    )  # fmt: skip
                    rest = _ZERO if command.final else max(left - command.amount, _ZERO)
                    self.open[cid] = (line, rest)
                    self.actual[line] += command.amount
        except BackofficeError:
            self.done[-1] += " (refused)"

    def check(self) -> None:
        """Check the laws on every line."""
        for key in self.keys:
            figures = self.budget.figures(key)
            if AVAILABLE_ADDS_UP in self.laws:
                self._adds_up(key, figures)
            if STOP_HOLDS in self.laws and figures.rule.action is OverrunAction.STOP:
                self._stop_holds(key, figures)

    def _where(self) -> str:
        return f"after {self.done or ['nothing']} on lines {[str(k) for k in self.keys]}"

    def _adds_up(self, key: BudgetLineKey, figures: LineFigures) -> None:
        committed = sum((left for line, left in self.open.values() if line == key), _ZERO)
        months = figures.months
        seen_committed = sum((m.committed.amount for m in months), _ZERO)
        seen_actual = sum((m.actual.amount for m in months), _ZERO)
        budget = sum((m.plan.amount + m.adjustments.amount for m in months), _ZERO)
        available = sum((m.available.amount for m in months), _ZERO)
        seen = (seen_committed, seen_actual, available)
        expected = (committed, self.actual[key], budget - committed - self.actual[key])
        if seen != expected:
            raise LawViolation(
                AVAILABLE_ADDS_UP,
                f"{key}: committed, actual, available are {seen}, the commands accepted give "
                f"{expected} {self._where()}",
            )

    def _stop_holds(self, key: BudgetLineKey, figures: LineFigures) -> None:
        rule = figures.rule
        factor = 1 + rule.tolerance.value / 100
        lifted = [_ZERO] * 12
        for override in self.overrides:
            if override.line == key:
                lifted[override.on.month - 1] += override.excess.amount
        budget = spent = allowed = _ZERO
        for month, figure in enumerate(figures.months):
            budget += figure.plan.amount + figure.adjustments.amount
            spent += figure.committed.amount + figure.actual.amount
            allowed += lifted[month]
            checked = rule.basis is CheckBasis.CUMULATIVE or month == len(figures.months) - 1
            if checked and spent > budget * factor + allowed:
                raise LawViolation(
                    STOP_HOLDS,
                    f"{key} ({rule.tolerance} tolerance, {rule.basis.value}): {spent} spent "
                    f"to month {month + 1} against a budget of {budget} and {allowed} of "
                    f"recorded overrides {self._where()}",
                )


def _rule_of(policy: OverrunPolicy, key: BudgetLineKey) -> OverrunRule:
    try:
        first, second = policy.rule_for(key), policy.rule_for(key)
    except Exception as error:  # any failure breaks the law
        raise LawViolation(
            EVERY_LINE_GETS_A_RULE, f"the policy failed with {error!r} for {key}"
        ) from error
    if not isinstance(first, OverrunRule) or first != second:
        raise LawViolation(
            EVERY_LINE_GETS_A_RULE,
            f"the policy decided {first!r}, then {second!r}, for {key}",
        )
    return first
