"""The laws every removal policy obeys, checked against yours with one call.

A removal policy (:class:`~backoffice.policies.removal.RemovalPolicy`) orders a location's
lots: the lot with the smallest key leaves first. The check drives a real
:class:`~backoffice.domain.inventory.StockLedger` in your order with receipts (some lots
expiring) and issues, a day apart, as hypothesis draws them, and checks
:data:`REMOVAL_POLICY_LAWS`:

* **each lot has its own fixed key**: the key of a lot is the same each time it is asked,
  no two lots share one, and a policy that declares ``key_fields`` returns exactly those
  fields of the lot's birth record;
* **cost is conserved to the cent**: what the receipts brought in equals what the issues
  took out plus the value left on the shelf, and each issue costs exactly what it drew;
* **lots leave in the policy's order**: an issue draws lots in key order, and no usable lot
  left untouched has a smaller key than one it drew;
* **expired lots never leave, and first-expired-first-out means it**: no issue draws a lot
  past its last day of use; under a policy whose method is FEFO, no usable lot left untouched
  expires before one drawn.

Example:
    >>> from backoffice.policies.removal import FirstExpiredFirstOut
    >>> check_removal_policy_laws(FirstExpiredFirstOut())
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from hypothesis import settings
from hypothesis import strategies as st

from backoffice.domain.inventory import Item, LocationId, Lot, StockLedger, StockMovement
from backoffice.errors import BackofficeError
from backoffice.policies.removal import RemovalMethod, RemovalPolicy
from backoffice.testing.histories import StockCommand, stock_commands
from backoffice.testing.laws._core import (
    LawViolation,
    chosen_laws,
    law_database_key,
    run_laws,
)
from backoffice.values import ActorId, DepartmentId, Money

__all__ = ["REMOVAL_POLICY_LAWS", "check_removal_policy_laws"]

KEYS_ARE_FIXED: Final = "each lot has its own fixed key"
COST_CONSERVED: Final = "cost is conserved to the cent"
ORDER_FOLLOWED: Final = "lots leave in the policy's order"
EXPIRY_RESPECTED: Final = "expired lots never leave, and first-expired-first-out means it"

#: The laws of a removal policy, in the order they are checked.
REMOVAL_POLICY_LAWS: Final = (KEYS_ARE_FIXED, COST_CONSERVED, ORDER_FOLLOWED, EXPIRY_RESPECTED)

_START: Final = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
_MAIN: Final = LocationId("MAIN")
_CLERK: Final = ActorId("law.clerk")
_LAST: Final = date.max


def check_removal_policy_laws(
    policy: RemovalPolicy,
    *,
    laws: Iterable[str] | None = None,
    commands: st.SearchStrategy[StockCommand] | None = None,
    settings: settings | None = None,
) -> None:
    """Check ``policy`` against :data:`REMOVAL_POLICY_LAWS` on storerooms hypothesis drives.

    Args:
        policy: Your policy.
        laws: The laws to check (all by default).
        commands: The receipts and issues to try
            (:func:`~backoffice.testing.histories.stock_commands` by default).
        settings: Hypothesis settings (the active profile's by default).

    Raises:
        LawViolation: An example breaks a law; the message names the law and the example.
        ValueError: ``laws`` names an unknown law.
    """
    chosen = chosen_laws(REMOVAL_POLICY_LAWS, laws)

    def check(history: list[StockCommand]) -> None:
        RemovalLawCheck(policy, chosen).run(history)

    run_laws(
        check,
        {"history": st.lists(commands or stock_commands(), max_size=14)},
        settings,
        key=law_database_key("removal", policy, () if laws is None else chosen),
    )


class RemovalLawCheck:
    """One item's ledger in the policy's order, and the laws after every command."""

    def __init__(self, policy: RemovalPolicy, laws: tuple[str, ...]) -> None:
        self.policy, self.laws = policy, laws
        item = Item(sku="LAW-1", name="law checker's item", unit="piece")
        self.ledger = StockLedger(item, "CNY", policy)
        self.received, self.issued = Decimal(0), Decimal(0)
        self.done: list[str] = []

    def _where(self) -> str:
        return f"after {self.done}"

    def run(self, history: list[StockCommand]) -> None:
        for command in history:
            self.step(command)

    def step(self, command: StockCommand) -> None:
        """Apply ``command`` a day after the one before; check the laws it concerns."""
        at = _START + timedelta(days=len(self.done))
        self.done.append(repr(command))
        if command.kind == "receive":
            self._receive(command, at)
        else:
            self._issue(command, at)
        if COST_CONSERVED in self.laws:
            self._conserved()

    def _receive(self, command: StockCommand, at: datetime) -> None:
        expires = None if command.expires_in is None else at.date() + timedelta(command.expires_in)
        receipt = self.ledger.receive(
            _MAIN, command.qty, at=at, by=_CLERK,
            unit_cost=Money(command.unit_cost, "CNY"), expires_on=expires,
        )  # fmt: skip
        self.received += receipt.cost.amount
        if KEYS_ARE_FIXED in self.laws:
            self._keys()

    def _issue(self, command: StockCommand, at: datetime) -> None:
        before = {lot.number: lot for lot in self.ledger.lots(_MAIN) if not lot.is_expired(at)}
        try:
            issue = self.ledger.issue(
                _MAIN, command.qty, at=at, by=_CLERK, to=DepartmentId("DEP-LAW")
            )
        except BackofficeError:
            self.done[-1] += " (refused)"
            return
        self.issued += issue.cost.amount
        drawn = [draw.lot for draw in issue.draws]
        if COST_CONSERVED in self.laws:
            parts = sum((draw.cost.amount for draw in issue.draws), Decimal(0))
            if parts != issue.cost.amount:
                raise LawViolation(
                    COST_CONSERVED,
                    f"an issue cost {issue.cost} but drew {parts} of lots {self._where()}",
                )
        untouched = [lot for number, lot in before.items() if number not in drawn]
        if ORDER_FOLLOWED in self.laws:
            self._order(drawn, untouched)
        if EXPIRY_RESPECTED in self.laws:
            self._expiry(issue, untouched, at)

    def _key(self, number: int) -> tuple[Any, ...]:
        return self.policy.key(self.ledger.movement(number))

    def _keys(self) -> None:
        births = [m for m in self.ledger.movements() if m.kind == "receipt"]
        seen: dict[tuple[Any, ...], int] = {}
        fields: tuple[str, ...] | None = getattr(self.policy, "key_fields", None)
        for birth in births:
            key = self.policy.key(birth)
            if key != self.policy.key(birth):
                raise LawViolation(
                    KEYS_ARE_FIXED, f"lot {birth.number}'s key changed {self._where()}"
                )
            if key in seen:
                raise LawViolation(
                    KEYS_ARE_FIXED,
                    f"lots {seen[key]} and {birth.number} share the key {key!r} {self._where()}",
                )
            seen[key] = birth.number
            if fields is not None and key != _fields(birth, fields):
                raise LawViolation(
                    KEYS_ARE_FIXED,
                    f"lot {birth.number}'s key {key!r} is not its key_fields {fields} "
                    f"{_fields(birth, fields)!r} {self._where()}",
                )

    def _conserved(self) -> None:
        left = self.ledger.value().amount
        if self.received != self.issued + left:
            raise LawViolation(
                COST_CONSERVED,
                f"receipts brought in {self.received}, issues took out {self.issued} and "
                f"{left} is left {self._where()}",
            )

    def _order(self, drawn: list[int], untouched: list[Lot]) -> None:
        keys = [self._key(number) for number in drawn]
        if keys != sorted(keys):
            raise LawViolation(
                ORDER_FOLLOWED, f"lots {drawn} were drawn out of key order {self._where()}"
            )
        for lot in untouched:
            if keys and self._key(lot.number) < keys[-1]:
                raise LawViolation(
                    ORDER_FOLLOWED,
                    f"lot {lot.number} was left while lot {drawn[-1]}, later in the order, "
                    f"was drawn {self._where()}",
                )

    def _expiry(self, issue: StockMovement, untouched: list[Lot], at: datetime) -> None:
        for draw in issue.draws:
            if draw.expires_on is not None and draw.expires_on < at.date():
                raise LawViolation(
                    EXPIRY_RESPECTED,
                    f"lot {draw.lot}, expired on {draw.expires_on}, was drawn on "
                    f"{at.date()} {self._where()}",
                )
        if self.policy.method is not RemovalMethod.FEFO or not issue.draws:
            return
        latest = max(_LAST if d.expires_on is None else d.expires_on for d in issue.draws)
        for lot in untouched:
            if (_LAST if lot.expires_on is None else lot.expires_on) < latest:
                raise LawViolation(
                    EXPIRY_RESPECTED,
                    f"first-expired-first-out drew a lot expiring {latest} while lot "
                    f"{lot.number}, expiring {lot.expires_on}, stayed {self._where()}",
                )


def _fields(birth: StockMovement, fields: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(birth, name) for name in fields)
