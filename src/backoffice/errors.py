"""The library's error hierarchy.

Every error raised on purpose by backoffice derives from :class:`BackofficeError`, so an
embedding system can catch "anything the back-office rules refused" in one place. Where a
built-in exception means the same thing, the error also derives from it (a bad argument is a
:class:`ValueError`, a missing record a :class:`LookupError`), so code that already catches the
built-in keeps working.

Errors carry structured fields (the offending value, the limit, the state) as attributes, and a
message that a person can read without the traceback. A command that raises has changed nothing.

Errors that belong to one part of the domain (inventory, budgets, ...) live beside that part and
derive from the classes here.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AmountOutOfRange",
    "BackofficeError",
    "CurrencyMismatch",
    "InvalidAmount",
    "InvalidChoice",
    "InvalidTransition",
    "NaiveDatetimeError",
    "NotFound",
    "PolicyConfigurationError",
    "UnitMismatch",
    "ValidationError",
]


class BackofficeError(Exception):
    """Root of every error backoffice raises on purpose."""


class ValidationError(BackofficeError, ValueError):
    """An argument was malformed or out of range; nothing was changed.

    Attributes:
        field: The name of the offending argument or attribute, when there is one.
        value: The offending value, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, value: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class NaiveDatetimeError(ValidationError):
    """A datetime without a time zone was given where an instant is needed.

    backoffice compares instants across sites and time zones, so every datetime must be aware
    (``datetime(..., tzinfo=ZoneInfo("Asia/Shanghai"))``).
    """

    def __init__(self, field: str, value: Any) -> None:
        super().__init__(
            f"{field} must be a timezone-aware datetime, got naive {value!r}; "
            "attach a tzinfo, e.g. value.replace(tzinfo=ZoneInfo('Asia/Shanghai'))",
            field=field,
            value=value,
        )


class InvalidAmount(ValidationError):
    """A money amount or a quantity could not be taken as an exact decimal.

    Raised for floats (which cannot hold 0.10 exactly), NaN, infinities and unparsable strings.
    """


class AmountOutOfRange(InvalidAmount):
    """An amount or quantity is too large to be kept exact.

    backoffice computes with 28 significant decimal digits. Amounts and quantities are refused
    from :data:`~backoffice.values.money.MAX_MAGNITUDE` (10^15) up, so that products and
    sums of what it accepts stay exact and every rounding to a currency's minor unit is defined.

    Attributes:
        limit: The magnitude no amount may reach.
    """

    def __init__(self, field: str, value: object, limit: object) -> None:
        super().__init__(
            f"{field} {value} is out of range: amounts and quantities must be below {limit} "
            "in magnitude",
            field=field,
            value=value,
        )
        self.limit = limit


class InvalidChoice(ValidationError):
    """A value is not one of a fixed set of options (a channel, a tier, a reason, ...).

    Attributes:
        options: The valid values, as text.
    """

    def __init__(self, field: str, value: object, options: list[str]) -> None:
        shown = repr(value) if len(repr(value)) <= 80 else f"{repr(value)[:77]}..."
        listed = ", ".join(repr(option) for option in options)
        super().__init__(f"{field} must be one of {listed}, got {shown}", field=field, value=value)
        self.options = tuple(options)


class CurrencyMismatch(BackofficeError, ValueError):
    """Two amounts in different currencies were added, subtracted or compared.

    Attributes:
        left: Currency code of the left operand.
        right: Currency code of the right operand.
    """

    def __init__(self, left: str, right: str, *, operation: str = "combine") -> None:
        super().__init__(f"cannot {operation} {left} with {right}: convert one side first")
        self.left = left
        self.right = right


class UnitMismatch(BackofficeError, ValueError):
    """Two quantities in different units were combined (e.g. boxes with pieces).

    Attributes:
        left: Unit of the left operand.
        right: Unit of the right operand.
    """

    def __init__(self, left: str, right: str) -> None:
        super().__init__(f"cannot combine a quantity in {left!r} with one in {right!r}")
        self.left = left
        self.right = right


class NotFound(BackofficeError, LookupError):
    """A record (request, item, budget line, ...) with the given key does not exist.

    Attributes:
        kind: What was looked up, in the business's words ("item", "budget line").
        key: The key that was not found.
    """

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"no {kind} {key!s}")
        self.kind = kind
        self.key = key


class InvalidTransition(BackofficeError):
    """A business action is not allowed in the aggregate's current state.

    Attributes:
        subject: The aggregate's id (as text).
        action: The action that was attempted, e.g. ``"resolve"``.
        state: The state the aggregate was in.
        reason: Why the action is not allowed, when more can be said than the state.
    """

    def __init__(self, subject: object, action: str, state: object, reason: str = "") -> None:
        state_text = getattr(state, "value", state)
        message = f"cannot {action} {subject!s} while it is {state_text}"
        if reason:
            message = f"{message}: {reason}"
        super().__init__(message)
        self.subject = subject
        self.action = action
        self.state = state
        self.reason = reason


class PolicyConfigurationError(ValidationError):
    """A policy built from plain data (dict/TOML) is incomplete or contradictory."""
