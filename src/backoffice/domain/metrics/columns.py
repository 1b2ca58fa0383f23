"""Grouping and reading in one pass: the fast path of the request figures.

At a million requests the records no longer fit in the processor's caches, and what costs is
not the arithmetic but *touching* each record: a pass over a group's members jumps across
memory (a group's requests are spread among all the others), one cache miss per record. So
when request figures are grouped by dimensions only (no period), :func:`gather` reads, in the
single pass that groups the facts in their own order, the fields the figures need as well
(one ``attrgetter`` call per fact): each group gets its members and one plain list per field.
``benchmarks/kpis.py`` measures the difference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import attrgetter
from typing import Any

from backoffice.domain.metrics.facts import RequestFacts
from backoffice.domain.metrics.grouping import GroupKey

__all__ = ["Gathered", "gather"]

#: A group's members and, for each field read, its values in the members' order.
Gathered = tuple[list[RequestFacts], dict[str, list[Any]]]


def gather(
    facts: Iterable[RequestFacts],
    dimensions: Sequence[str],
    fields: Sequence[str],
    *,
    members: bool = True,
) -> dict[GroupKey, Gathered]:
    """The facts grouped by the ``dimensions``' values, with the ``fields`` read on the way.

    Every fact lands in exactly one group; keys are tuples of the dimensions' values, in
    first-seen order (``()`` for no dimension). With ``members=False`` the groups' member lists
    stay empty (when every figure asked for reads only the fields: one list fewer to fill).
    """
    k, m = len(dimensions), len(fields)
    if k + m == 0:
        return {(): (list(facts), {})}
    records = facts if isinstance(facts, list) else list(facts)  # read in lockstep below
    # Keys as the dimensions' getter gives them (a lone dimension's value is not a tuple;
    # wrapped at the end), fields as a tuple per fact: two C calls per fact, no slicing.
    keys: Iterable[Any] = map(attrgetter(*dimensions), records) if k else repeat(())
    lists: dict[Any, list[list[Any]]] = {}
    if m == 2 and not members:  # the scorecards' usual need, unrolled: no member list
        pairs = map(attrgetter(*fields), records)
        for key, (first, second) in zip(keys, pairs, strict=False):
            found = lists.get(key)
            if found is None:
                found = lists[key] = [[], [], []]
            found[1].append(first)
            found[2].append(second)
    elif m == 2:  # a verdict and a duration, with the members, unrolled
        pairs = map(attrgetter(*fields), records)
        for fact, key, (first, second) in zip(records, keys, pairs, strict=False):
            found = lists.get(key)
            if found is None:
                found = lists[key] = [[], [], []]
            found[0].append(fact)
            found[1].append(first)
            found[2].append(second)
    else:
        read = attrgetter(*fields) if m > 1 else (lambda f: (attrgetter(fields[0])(f),))
        values: Iterable[tuple[Any, ...]] = map(read, records) if m else repeat(())
        for fact, key, row in zip(records, keys, values, strict=False):
            found = lists.get(key)
            if found is None:
                found = lists[key] = [[] for _ in range(m + 1)]
            found[0].append(fact)
            for column, value in zip(found[1:], row, strict=True):
                column.append(value)
    return {
        ((key,) if k == 1 else key): (found[0], dict(zip(fields, found[1:], strict=True)))
        for key, found in lists.items()
    }
