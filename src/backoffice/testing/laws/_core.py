"""The machinery every law check shares: a named law, its violation, and the hypothesis run.

A law is a property any implementation of a pluggable rule must have, named in the business's
words ("a higher tier is never slower"). A check runs the laws you select against examples
hypothesis draws; the first law an example breaks raises :class:`LawViolation`, after
hypothesis has shrunk the example to a minimal one (printed as "Falsifying example").

Hypothesis keeps the counterexamples it finds in its example database, under a key it derives
from the test function. Every check of a rule runs the same inner function, so
:func:`run_laws` adds the rule's name and the policy (its class and, when it has a stable
``repr``, that ``repr``) to the key: the counterexample found for one policy is replayed for
that policy only, never offered to another one. A policy whose ``repr`` shows a memory address
gets a key by class alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

__all__ = ["LawViolation", "chosen_laws", "law_database_key", "run_laws"]


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


def law_database_key(rule: str, policy: object, laws: Iterable[str] = ()) -> bytes:
    """What tells one policy's counterexamples from another's in the example database.

    The rule's name, the policy's class (module and qualified name) and its ``repr`` unless
    that shows a memory address (``<... at 0x...>``), which changes from run to run, and the
    laws checked when only some are (a counterexample to one law is no example for another).

    Example:
        >>> from backoffice.policies.removal import FirstInFirstOut
        >>> law_database_key("removal", FirstInFirstOut())
        b'removal|backoffice.policies.removal.FirstInFirstOut|FirstInFirstOut()'
    """
    kind = type(policy)
    shown = repr(policy)
    stable = "" if " at 0x" in shown else shown
    checked = f"|{','.join(laws)}" if laws else ""
    return f"{rule}|{kind.__module__}.{kind.__qualname__}|{stable}{checked}".encode()


def run_laws(
    check: Callable[..., None],
    strategies: dict[str, st.SearchStrategy[Any]],
    chosen: settings | None,
    *,
    key: bytes = b"",
) -> None:
    """Run ``check(**example)`` for the examples ``strategies`` draw; a failure is re-raised.

    ``chosen`` overrides the settings (the active profile's, without a deadline, by default);
    ``key`` (see :func:`law_database_key`) is added to the example database key.
    """
    check._hypothesis_internal_add_digest = key  # type: ignore[attr-defined]
    base = chosen if chosen is not None else settings()
    wrapped = settings(
        base,
        deadline=None,
        report_multiple_bugs=False,  # the first law broken is the answer
        suppress_health_check=[*base.suppress_health_check, HealthCheck.too_slow],
    )
    wrapped(given(**strategies)(check))()
