"""Laws of request tallies: a tally's figures are the facts' figures, and parts add up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from backoffice.domain.metrics import RequestFacts, RequestTally, request_figures
from backoffice.testing.metrics import request_facts

AT = datetime(2025, 1, 4, tzinfo=UTC)  # some of the generated requests are still open then
many_facts = st.lists(request_facts(), max_size=30)
ratings_rule = st.integers(min_value=1, max_value=5)


@given(many_facts, ratings_rule)
def test_a_tally_gives_the_figures_of_its_facts(
    facts: Sequence[RequestFacts], satisfied_from: int
) -> None:
    tally = RequestTally.of(facts, at=AT)
    expected = request_figures(facts, at=AT, satisfied_from=satisfied_from)
    assert tally.figures(satisfied_from=satisfied_from) == expected


@given(many_facts, st.integers(min_value=0, max_value=30))
def test_the_tallies_of_two_parts_add_up_to_the_tally_of_the_whole(
    facts: Sequence[RequestFacts], cut: int
) -> None:
    whole = RequestTally.of(facts, at=AT)
    parts = RequestTally.of(facts[:cut], at=AT) + RequestTally.of(facts[cut:], at=AT)
    assert parts == whole
    assert parts.figures() == request_figures(facts, at=AT)


@given(many_facts, st.data())
def test_new_verdicts_give_the_figures_of_the_facts_with_those_verdicts(
    facts: Sequence[RequestFacts], data: st.DataObject
) -> None:
    n = len(facts)
    verdicts = st.lists(st.none() | st.booleans(), min_size=n, max_size=n)
    times = st.lists(
        st.none() | st.integers(min_value=0, max_value=600).map(lambda m: timedelta(minutes=m)),
        min_size=n,
        max_size=n,
    )
    met, resolved_met = data.draw(verdicts), data.draw(verdicts)
    working, resolving = data.draw(times), data.draw(times)
    judged = [
        attrs.evolve(f, response_met=m, resolution_met=r, response_working_time=w,
                     resolution_working_time=v)
        for f, m, r, w, v in zip(facts, met, resolved_met, working, resolving, strict=True)
    ]  # fmt: skip
    tally = RequestTally.of(facts, at=AT).with_verdicts(met, resolved_met, working, resolving)
    assert tally.figures() == request_figures(judged, at=AT)
