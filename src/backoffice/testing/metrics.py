"""Generated request facts, for property tests and benchmarks of metrics and scorecards.

:func:`request_facts` is a Hypothesis strategy for one :class:`~backoffice.domain.metrics.
RequestFacts` (open or closed, consistent: a resolved request was accepted and started before);
:func:`sample_facts` builds many of them fast and deterministically from a seed, without
Hypothesis (``sample_facts(1_000_000, seed=7)`` for a benchmark).

Example:
    >>> facts = sample_facts(3, seed=1)
    >>> len(facts), all(f.submitted_at <= f.closed_at for f in facts if f.closed_at)
    (3, True)
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Final

from hypothesis import strategies as st

from backoffice.domain.metrics import RequestFacts
from backoffice.domain.requests import AssigneeKind, Category, Channel, RequestState, Tier
from backoffice.values import Money

__all__ = ["SITES", "TEAMS", "request_facts", "sample_facts"]

#: The sites and teams drawn from (5 sites x 7 categories x 3 tiers = 105 groups).
SITES: Final = ("HQ", "Plant 1", "Plant 2", "Warehouse", "Campus East")
TEAMS: Final = ("electricians", "plumbers", "cleaning", "motor pool", "IT desk", "catering")
_CATEGORIES: Final = (
    Category.REPAIR,
    Category.SUPPLIES,
    Category.VEHICLE,
    Category.VENUE,
    Category.CLEANING,
    Category.IT,
    Category.SECURITY,
)
_DEPARTMENTS: Final = ("FIN", "HR", "OPS", "SALES", None)
_START: Final = datetime(2025, 1, 1, tzinfo=UTC)
_MINUTE: Final = timedelta(minutes=1)


def _facts(
    number: int,
    *,
    site: str,
    category: Category,
    tier: Tier,
    department: str | None,
    team: str,
    submitted: int,
    accept: int,
    respond: int,
    resolve: int,
    close: int | None,
    reopen_count: int,
    response_met: bool,
    resolution_met: bool,
    rating: int | None,
    breaches: int,
    warnings: int,
    asset: int | None,
) -> RequestFacts:
    """Facts of a request whose steps are the given minutes apart (``close=None``: still open)."""
    submitted_at = _START + submitted * _MINUTE
    accepted_at = submitted_at + accept * _MINUTE
    started = accepted_at + respond * _MINUTE
    resolved = started + resolve * _MINUTE
    closed = None if close is None else resolved + close * _MINUTE
    if closed is None:
        return RequestFacts(
            request_id=f"REQ-{number}",
            category=category,
            channel=Channel.OA_SYSTEM,
            site=site,
            place=f"room {number % 40}",
            department=department,
            asset=None if asset is None else f"A-{asset}",
            tier=tier,
            assignee=team,
            assignee_kind=AssigneeKind.TEAM,
            state=RequestState.IN_PROGRESS,
            submitted_at=submitted_at,
            accepted_at=accepted_at,
            work_started_at=started,
            response_met=response_met,
            response_working_time=respond * _MINUTE,
            warnings=warnings,
            breaches=breaches,
        )
    return RequestFacts(
        request_id=f"REQ-{number}",
        category=category,
        channel=Channel.OA_SYSTEM,
        site=site,
        place=f"room {number % 40}",
        department=department,
        asset=None if asset is None else f"A-{asset}",
        tier=tier,
        assignee=team,
        assignee_kind=AssigneeKind.TEAM,
        state=RequestState.CLOSED,
        submitted_at=submitted_at,
        accepted_at=accepted_at,
        work_started_at=started,
        resolved_at=resolved,
        closed_at=closed,
        ended_at=closed,
        response_met=response_met,
        response_working_time=respond * _MINUTE,
        resolution_met=resolution_met,
        resolution_working_time=(respond + resolve) * _MINUTE,
        reopen_count=reopen_count,
        warnings=warnings,
        breaches=breaches,
        rating=rating,
        cost=Money(Decimal(resolve) / 4, "CNY"),
    )


@st.composite
def request_facts(draw: st.DrawFn, number: int = 1) -> RequestFacts:
    """One request's facts: closed, or still open after work started."""
    minutes = st.integers(min_value=0, max_value=5_000)
    return _facts(
        number,
        site=draw(st.sampled_from(SITES)),
        category=draw(st.sampled_from(_CATEGORIES)),
        tier=draw(st.sampled_from(list(Tier))),
        department=draw(st.sampled_from(_DEPARTMENTS)),
        team=draw(st.sampled_from(TEAMS)),
        submitted=draw(st.integers(min_value=0, max_value=500_000)),
        accept=draw(minutes),
        respond=draw(minutes),
        resolve=draw(minutes),
        close=draw(st.none() | minutes),
        reopen_count=draw(st.integers(min_value=0, max_value=3)),
        response_met=draw(st.booleans()),
        resolution_met=draw(st.booleans()),
        rating=draw(st.none() | st.integers(min_value=1, max_value=5)),
        breaches=draw(st.integers(min_value=0, max_value=2)),
        warnings=draw(st.integers(min_value=0, max_value=4)),
        asset=draw(st.none() | st.integers(min_value=1, max_value=20)),
    )


def sample_facts(count: int, *, seed: int = 0, closed_share: float = 1.0) -> list[RequestFacts]:
    """``count`` generated facts, the same for the same seed (``closed_share`` of them closed).

    Service times grow with the tier (routine requests take longest); about 90 % of the
    resolutions and 93 % of the responses are on time, and ratings lean to 4 and 5.
    """
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    scale = {Tier.URGENT: 120, Tier.IMPORTANT: 1_440, Tier.ROUTINE: 4_320}
    tiers = list(Tier)
    result = []
    for number in range(1, count + 1):
        tier = rng.choice(tiers)
        mean = scale[tier]
        rated = rng.random() < 0.6
        result.append(
            _facts(
                number,
                site=rng.choice(SITES),
                category=rng.choice(_CATEGORIES),
                tier=tier,
                department=rng.choice(_DEPARTMENTS),
                team=rng.choice(TEAMS),
                submitted=rng.randrange(525_600),
                accept=rng.randrange(60),
                respond=int(rng.expovariate(4 / mean)),
                resolve=int(rng.expovariate(1 / mean)),
                close=rng.randrange(1, 600) if rng.random() < closed_share else None,
                reopen_count=1 if rng.random() < 0.07 else 0,
                response_met=rng.random() < 0.93,
                resolution_met=rng.random() < 0.9,
                rating=rng.choices((1, 2, 3, 4, 5), (2, 3, 10, 40, 45))[0] if rated else None,
                breaches=1 if rng.random() < 0.1 else 0,
                warnings=rng.randrange(3),
                asset=rng.randrange(1, 200) if rng.random() < 0.5 else None,
            )
        )
    return result
