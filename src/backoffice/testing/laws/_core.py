"""The machinery every law check shares: a named law, its violation, and the hypothesis run.

A law is a property any implementation of a pluggable rule must have, named in the business's
words ("a higher tier is never slower"). A check runs the laws you select against examples
hypothesis draws; the first law an example breaks raises :class:`LawViolation`, after
hypothesis has shrunk the example to a minimal one (printed as "Falsifying example").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

__all__ = ["LawViolation", "chosen_laws", "run_laws"]


class LawViolation(AssertionError):
    """Raised when an implementation breaks one of its rule's laws.

    An ``AssertionError``, so pytest reports it as a test failure.

    Attributes:
        law: The law broken, as named in the law list of its rule (e.g. ``SLA_POLICY_LAWS``).
        detail: What was seen, with the example's figures.
    """

    def __init__(self, law: str, detail: str) -> None:
        super().__init__(f"law broken: {law}: {detail}")
        self.law = law
        self.detail = detail


def chosen_laws(known: Sequence[str], laws: Iterable[str] | None) -> tuple[str, ...]:
    """``laws`` checked against ``known`` (every known law when ``None``).

    Raises:
        ValueError: A law is not one of ``known``.
    """
    if laws is None:
        return tuple(known)
    picked = tuple(laws)
    unknown = [law for law in picked if law not in known]
    if unknown:
        raise ValueError(f"unknown laws {unknown}; known: {list(known)}")
    return picked


def run_laws(
    check: Callable[..., None],
    strategies: dict[str, st.SearchStrategy[Any]],
    chosen: settings | None,
) -> None:
    """Run ``check(**example)`` for the examples ``strategies`` draw; a failure is re-raised.

    ``chosen`` overrides the settings (the active profile's, without a deadline, by default).
    """
    base = chosen if chosen is not None else settings()
    wrapped = settings(
        base,
        deadline=None,
        suppress_health_check=[*base.suppress_health_check, HealthCheck.too_slow],
    )
    wrapped(given(**strategies)(check))()
