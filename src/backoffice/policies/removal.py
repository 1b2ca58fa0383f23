"""Removal policies: which lot leaves the shelf first (先进先出 / 先到期先出).

The storeroom issues the **oldest lot first** (FIFO, first-in-first-out: "实施先进先出原则,定期盘点,
确保物资新鲜且避免过期损失"), or, for stock with a shelf life such as masks, disinfectant or
first-aid kits, the lot that **expires first** (FEFO, first-expired-first-out). Either way an
expired lot is never issued: the ledger skips it, and it waits for a write-off.

A removal policy only decides the order, as a sort key computed once per lot from its birth
record; the ledger keeps the lots sorted by it, so an issue takes the first lot in O(1).

Example:
    >>> removal_policy("fefo")
    FirstExpiredFirstOut()
    >>> removal_policy_from_dict({"method": "fifo"}).method
    <RemovalMethod.FIFO: 'fifo'>
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Final, Protocol

import attrs

from backoffice.domain.inventory.movements import StockMovement
from backoffice.errors import PolicyConfigurationError

__all__ = [
    "REMOVAL_POLICIES",
    "FirstExpiredFirstOut",
    "FirstInFirstOut",
    "RemovalMethod",
    "RemovalPolicy",
    "removal_policy",
    "removal_policy_from_dict",
]

_NO_EXPIRY: Final = date.max


class RemovalMethod(enum.Enum):
    """The removal orders the library ships."""

    FIFO = "fifo"
    FEFO = "fefo"


class RemovalPolicy(Protocol):
    """Decides the order in which a location's lots are issued.

    Implementations return a key per lot (smallest first), unique per lot and fixed for its
    life; they must not look at the clock or at other lots.
    """

    @property
    def method(self) -> RemovalMethod:
        """The method's name, for configuration and reports."""
        ...

    def key(self, lot: StockMovement) -> tuple[Any, ...]:
        """The sort key of the lot born of ``lot`` (its receipt or the count that found it)."""
        ...


@attrs.frozen
class FirstInFirstOut:
    """Oldest lot first: by receipt time, then by lot number.

    Attributes:
        key_fields: The movement fields :meth:`key` returns, in order. The ledger reads them
            straight from its records instead of calling :meth:`key` for every lot it puts
            back on the shelf (see :attr:`backoffice.domain.inventory.rules.LotOrder`).
    """

    key_fields: ClassVar[tuple[str, ...]] = ("at", "number")

    @property
    def method(self) -> RemovalMethod:
        """``RemovalMethod.FIFO``."""
        return RemovalMethod.FIFO

    def key(self, lot: StockMovement) -> tuple[Any, ...]:
        """``(received at, lot number)``."""
        return (lot.at, lot.number)


@attrs.frozen
class FirstExpiredFirstOut:
    """First to expire first; lots without an expiry date last; ties oldest first."""

    @property
    def method(self) -> RemovalMethod:
        """``RemovalMethod.FEFO``."""
        return RemovalMethod.FEFO

    def key(self, lot: StockMovement) -> tuple[Any, ...]:
        """``(expiry date or date.max, received at, lot number)``."""
        expires_on = lot.expires_on
        return (_NO_EXPIRY if expires_on is None else expires_on, lot.at, lot.number)


#: The shipped policies, by method.
REMOVAL_POLICIES: Final[Mapping[RemovalMethod, RemovalPolicy]] = {
    RemovalMethod.FIFO: FirstInFirstOut(),
    RemovalMethod.FEFO: FirstExpiredFirstOut(),
}


def removal_policy(method: RemovalMethod | str) -> RemovalPolicy:
    """The shipped policy for ``method`` (``"fifo"`` or ``"fefo"``).

    Raises:
        PolicyConfigurationError: An unknown method.
    """
    try:
        return REMOVAL_POLICIES[RemovalMethod(method)]
    except ValueError:
        known = ", ".join(repr(m.value) for m in RemovalMethod)
        raise PolicyConfigurationError(
            f"unknown removal method {method!r}; known: {known}", field="method", value=method
        ) from None


def removal_policy_from_dict(data: Mapping[str, Any]) -> RemovalPolicy:
    """Build a removal policy from plain data, e.g. a TOML table ``{method = "fefo"}``."""
    unknown = set(data) - {"method"}
    if unknown:
        raise PolicyConfigurationError(
            f"unknown removal policy settings: {sorted(unknown)}", field="removal", value=data
        )
    return removal_policy(data.get("method", RemovalMethod.FIFO.value))
