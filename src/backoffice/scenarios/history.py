"""Recorded histories from other systems: requests and their instants as CSV or JSON text.

A re-judge needs, per request, what was asked and when each step happened. Besides the
library's own events (:func:`~backoffice.scenarios.rejudge.recorded_requests`), a history can
come as CSV (one row per request) or JSON (a list of objects) with these fields:

=================  ========================================================  ==========
field              meaning                                                   required
=================  ========================================================  ==========
request_id         the request's id in the source system                     yes
category           repair, supplies, vehicle, venue, cleaning, ...           yes
tier               urgent, important or routine (empty: never graded)        no
site               the site (``HQ``)                                         no
description        what was asked (the SLA rules' keywords read it)          no
submitted_at       ISO instant with offset: ``2025-06-03T09:15:00+08:00``   yes
accepted_at        when it was accepted (graded)                             no
work_started_at    when work started (the response)                          no
resolved_at        when it was resolved                                      no
closed_at          when it was closed                                        no
rating             1-5                                                       no
pauses             ``start/end;start/end`` (ISO instants; end may be empty)  no
=================  ========================================================  ==========

:func:`parse_history` reads the text (the caller reads the file); a wrong field raises
:class:`~backoffice.errors.ValidationError` naming the row and the field.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from itertools import islice
from typing import Any, Final

import attrs

from backoffice.domain.metrics import RequestFacts
from backoffice.domain.requests import (
    Category,
    Channel,
    RequestDetails,
    RequestLocation,
    RequestState,
    Tier,
)
from backoffice.errors import NaiveDatetimeError, ValidationError
from backoffice.scenarios.rejudge import RecordedRequest
from backoffice.values import ActorId, utc

__all__ = [
    "HISTORY_FIELDS",
    "csv_extent",
    "csv_records",
    "history_csv",
    "history_extent",
    "history_records",
    "history_rows",
    "parse_history",
]

#: The fields of a history row, in CSV column order.
HISTORY_FIELDS: Final = (
    "request_id", "category", "tier", "site", "description", "submitted_at", "accepted_at",
    "work_started_at", "resolved_at", "closed_at", "rating", "pauses",
)  # fmt: skip
_REQUESTER: Final = ActorId("requester")


_CATEGORIES: Final = {category.value: category for category in Category}
_TIERS: Final = {tier.value: tier for tier in Tier}
_READ_INSTANT: Final = datetime.fromisoformat


def _instant_text(value: object, field: str, where: str) -> datetime | None:
    """An ISO instant with its offset (``None`` if empty); a wrong one names the row."""
    if not value:
        return None
    text = (value if isinstance(value, str) else str(value)).strip()
    if not text:
        return None
    try:
        instant = _READ_INSTANT(text)
    except ValueError as error:
        raise ValidationError(f"{where}: {field} {text!r}: {error}", field=field) from error
    # An ISO text with an offset gives a fixed-offset ``timezone``, whose offset is never None.
    if instant.tzinfo is None:
        naive = NaiveDatetimeError(field, instant)
        raise ValidationError(f"{where}: {field} {text!r}: {naive}", field=field) from naive
    return instant


def _instant(row: Mapping[str, Any], field: str, where: str) -> datetime | None:
    return _instant_text(row.get(field), field, where)


def _choice(value: object, known: Mapping[str, Any], field: str, where: str) -> Any:
    """The option named by ``value`` (any case); ``None`` if blank."""
    text = str(value or "").strip().lower()
    if not text:
        return None
    chosen = known.get(text)
    if chosen is None:
        raise ValidationError(
            f"{where}: {field} {text!r} is not one of {sorted(known)}", field=field, value=value
        )
    return chosen


def _rating(value: object, where: str) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not (text.isdigit() and 1 <= int(text) <= 5):
        raise ValidationError(f"{where}: rating {text!r} is not 1-5", field="rating", value=value)
    return int(text)


@attrs.define
class _RowReader:
    """Turns rows into recorded requests.

    Equal details are one (frozen) value: a site's location and the details of a category,
    description and site are built and checked once, then shared by the rows that repeat them.
    """

    locations: dict[str, RequestLocation] = attrs.field(factory=dict)
    details: dict[tuple[Category, str, str], RequestDetails] = attrs.field(factory=dict)

    def location(self, site: str, where: str) -> RequestLocation:
        found = self.locations.get(site)
        if found is None:
            try:
                found = RequestLocation(site, "")
            except ValidationError as error:
                raise ValidationError(f"{where}: {error}", field="site", value=site) from error
            self.locations[site] = found
        return found

    def read(self, row: Mapping[str, Any], number: int) -> RecordedRequest:
        where = f"row {number}"
        get = row.get
        category: Category | None = _choice(get("category"), _CATEGORIES, "category", where)
        if category is None:
            raise ValidationError(f"{where}: needs a category", field="category")
        tier: Tier | None = _choice(get("tier"), _TIERS, "tier", where)
        submitted = _instant_text(get("submitted_at"), "submitted_at", where)
        request_id = str(get("request_id") or "").strip()
        if submitted is None or not request_id:
            raise ValidationError(
                f"{where}: needs request_id and submitted_at", field="submitted_at"
            )
        pauses: list[tuple[datetime, datetime | None]] = []
        for part in str(get("pauses") or "").split(";"):
            if part:
                begun, _, ended = part.partition("/")
                paused = _instant_text(begun, "start", where)
                resumed = _instant_text(ended, "end", where)
                if paused is not None:  # a pause without its start is no pause
                    pauses.append((paused, resumed))
        closed = _instant_text(get("closed_at"), "closed_at", where)
        site = str(get("site") or "HQ")
        description = str(get("description") or category.value)
        details = self.details.get((category, description, site))
        if details is None:
            try:
                details = RequestDetails(
                    Channel.WEB_FORM, category, description, self.location(site, where),
                    _REQUESTER,
                )  # fmt: skip
            except ValidationError as error:
                raise ValidationError(f"{where}: {error}", field=error.field) from error
            self.details[category, description, site] = details
        location = details.location
        facts = RequestFacts(
            request_id=request_id,
            category=category,
            channel=Channel.WEB_FORM,
            site=location.site,
            tier=tier,
            state=RequestState.CLOSED if closed is not None else RequestState.SUBMITTED,
            submitted_at=submitted,
            accepted_at=_instant_text(get("accepted_at"), "accepted_at", where),
            work_started_at=_instant_text(get("work_started_at"), "work_started_at", where),
            resolved_at=_instant_text(get("resolved_at"), "resolved_at", where),
            closed_at=closed,
            ended_at=closed,
            pauses=tuple(pauses),
            rating=_rating(get("rating"), where),
        )
        return RecordedRequest(details, facts)


def history_records(rows: Iterable[Mapping[str, Any]], first: int = 1) -> list[RecordedRequest]:
    """The recorded requests of ``rows`` (mappings of the fields), checked.

    Args:
        rows: The rows, as CSV rows made into mappings or JSON objects.
        first: The number of the first row (errors name the row).

    Raises:
        ValidationError: A row's field is wrong (the row is named).
    """
    read = _RowReader().read
    return [read(row, number) for number, row in enumerate(rows, start=first)]


def csv_records(
    header: Sequence[str], rows: Iterable[Sequence[str]], first: int = 1
) -> list[RecordedRequest]:
    """The recorded requests of CSV ``rows`` under ``header`` (see :func:`history_records`)."""
    return history_records((dict(zip(header, row, strict=False)) for row in rows), first)


def csv_extent(header: Sequence[str], rows: Iterable[Sequence[str]]) -> tuple[int, datetime | None]:
    """How many CSV ``rows`` there are and the last instant they record (``None`` if none).

    Reads only the instants' columns.

    Raises:
        ValidationError: An instant is not an ISO instant with its offset (the row is named).
    """
    columns = [(header.index(f), f) for f in _INSTANTS if f in header]
    read = _READ_INSTANT
    last: datetime | None = None
    count = 0
    for count, row in enumerate(rows, start=1):
        width = len(row)
        for i, field in columns:
            value = row[i] if i < width else ""
            if not value:
                continue
            try:
                instant: datetime | None = read(value)
                if instant.tzinfo is None:  # type: ignore[union-attr]
                    raise ValueError(value)  # the slow path below names it
            except ValueError:
                instant = _instant_text(value, field, f"row {count}")  # raises, unless spaces
            # Instants read from ISO text have fixed offsets: ``>`` compares them as
            # instants, even across offsets (no zone, so no fold to get wrong).
            if instant is not None and (last is None or instant > last):
                last = instant
    return count, last


def history_rows(
    text: str, kind: str = "csv", *, start: int = 0, stop: int | None = None
) -> list[Any]:
    """Rows ``start`` to ``stop - 1`` of a CSV table or a JSON list, unchecked.

    (:func:`parse_history` checks them.) The CSV rows before ``start`` are skipped as they are
    read, without being made into mappings.

    Raises:
        ValidationError: The format is unknown, or a JSON history is not a list.
    """
    if kind not in ("csv", "json"):
        raise ValidationError(f"history format {kind!r}: use csv or json", field="format")
    if not isinstance(text, str):
        raise ValidationError(
            f"a history is text, got {type(text).__name__}", field="history", value=text
        )
    if kind == "json":
        try:
            rows = json.loads(text)
        except ValueError as error:  # json.JSONDecodeError
            raise ValidationError(f"history: {error}", field="history") from error
        if not isinstance(rows, list):
            raise ValidationError("a JSON history is a list of requests", field="history")
        chosen = rows[start:stop]
        for number, row in enumerate(chosen, start=start + 1):
            if not isinstance(row, dict):
                raise ValidationError(f"row {number}: a request is a JSON object", field="history")
        return chosen
    reader = filter(None, csv.reader(io.StringIO(text)))  # blank lines are no rows
    header = next(reader, [])
    return [dict(zip(header, row, strict=False)) for row in islice(reader, start, stop)]


def parse_history(
    text: str, kind: str = "csv", *, start: int = 0, stop: int | None = None
) -> list[RecordedRequest]:
    """The recorded requests in ``text``, a CSV table or a JSON list (see the module docstring).

    ``start`` and ``stop`` pick rows ``start`` to ``stop - 1`` (0-based, as a slice): a worker
    reads its share of a history this way.

    Raises:
        ValidationError: The format is unknown, or a row's field is wrong (the row is named).
    """
    return history_records(history_rows(text, kind, start=start, stop=stop), first=start + 1)


def history_extent(text: str, kind: str = "csv") -> tuple[int, datetime | None]:
    """How many rows ``text`` holds and the last instant they record (``None`` if none).

    Reads only the instants (a CSV's rows are not made into mappings).

    Raises:
        ValidationError: The format is unknown, or an instant is not an ISO instant with its
            offset (the row is named).
    """
    if kind == "csv":
        reader = filter(None, csv.reader(io.StringIO(text)))
        return csv_extent(next(reader, []), reader)
    last, last_utc, count = None, None, 0
    for count, row in enumerate(history_rows(text, kind), start=1):
        for field in _INSTANTS:
            instant = _instant(row, field, f"row {count}")
            if instant is not None and (last_utc is None or utc(instant) > last_utc):
                last, last_utc = instant, utc(instant)
    return count, last


_INSTANTS: Final = ("submitted_at", "accepted_at", "work_started_at", "resolved_at", "closed_at")


def _shown(instant: datetime | None) -> str:
    return "" if instant is None else instant.isoformat()


def history_csv(records: list[RecordedRequest]) -> str:
    """The records as a CSV history (what :func:`parse_history` reads back)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HISTORY_FIELDS)
    for record in records:
        f = record.facts
        pauses = ";".join(f"{_shown(s)}/{_shown(e)}" for s, e in f.pauses)
        writer.writerow([
            f.request_id, f.category.value, "" if f.tier is None else f.tier.value, f.site,
            record.details.description, _shown(f.submitted_at), _shown(f.accepted_at),
            _shown(f.work_started_at), _shown(f.resolved_at), _shown(f.closed_at),
            "" if f.rating is None else f.rating, pauses,
        ])  # fmt: skip
    return out.getvalue()
