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
from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import islice
from typing import Any, Final

from backoffice.domain.metrics import RequestFacts
from backoffice.domain.requests import (
    Category,
    Channel,
    RequestDetails,
    RequestLocation,
    RequestState,
    Tier,
)
from backoffice.errors import ValidationError
from backoffice.scenarios.rejudge import RecordedRequest
from backoffice.values import ActorId, ensure_aware, utc

__all__ = [
    "HISTORY_FIELDS",
    "history_csv",
    "history_extent",
    "history_rows",
    "parse_history",
]

#: The fields of a history row, in CSV column order.
HISTORY_FIELDS: Final = (
    "request_id", "category", "tier", "site", "description", "submitted_at", "accepted_at",
    "work_started_at", "resolved_at", "closed_at", "rating", "pauses",
)  # fmt: skip
_REQUESTER: Final = ActorId("requester")


def _instant(row: Mapping[str, Any], field: str, where: str) -> datetime | None:
    text = str(row.get(field) or "").strip()
    if not text:
        return None
    try:
        return ensure_aware(datetime.fromisoformat(text))
    except ValueError as error:
        raise ValidationError(f"{where}: {field} {text!r}: {error}", field=field) from error


def _row(row: Mapping[str, Any], number: int) -> RecordedRequest:
    where = f"row {number}"
    try:
        category = Category(str(row.get("category", "")).strip().lower())
        tier_text = str(row.get("tier") or "").strip().lower()
        tier = Tier(tier_text) if tier_text else None
    except ValueError as error:
        raise ValidationError(f"{where}: {error}", field="category/tier") from error
    submitted = _instant(row, "submitted_at", where)
    if submitted is None or not str(row.get("request_id") or "").strip():
        raise ValidationError(f"{where}: needs request_id and submitted_at", field="submitted_at")
    pauses = []
    for part in filter(None, str(row.get("pauses") or "").split(";")):
        start, _, end = part.partition("/")
        pair = {"start": start, "end": end}
        pauses.append((_instant(pair, "start", where), _instant(pair, "end", where)))
    closed = _instant(row, "closed_at", where)
    rating = str(row.get("rating") or "").strip()
    details = RequestDetails(
        Channel.WEB_FORM, category, str(row.get("description") or category.value),
        RequestLocation(str(row.get("site") or "HQ"), ""), _REQUESTER,
    )  # fmt: skip
    facts = RequestFacts(
        request_id=str(row["request_id"]).strip(),
        category=category,
        channel=Channel.WEB_FORM,
        site=details.location.site,
        tier=tier,
        state=RequestState.CLOSED if closed is not None else RequestState.SUBMITTED,
        submitted_at=submitted,
        accepted_at=_instant(row, "accepted_at", where),
        work_started_at=_instant(row, "work_started_at", where),
        resolved_at=_instant(row, "resolved_at", where),
        closed_at=closed,
        ended_at=closed,
        pauses=tuple((s, e) for s, e in pauses if s is not None),
        rating=int(rating) if rating else None,
    )
    return RecordedRequest(details, facts)


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
    rows = history_rows(text, kind, start=start, stop=stop)
    return [_row(row, number) for number, row in enumerate(rows, start=start + 1)]


def history_extent(text: str, kind: str = "csv") -> tuple[int, datetime | None]:
    """How many rows ``text`` holds and the last instant they record (``None`` if none).

    Reads only the instants (a CSV's rows are not made into mappings).

    Raises:
        ValidationError: The format is unknown, or an instant is not an ISO instant with its
            offset (the row is named).
    """
    if kind == "csv":
        reader = filter(None, csv.reader(io.StringIO(text)))
        header = next(reader, [])
        columns = [(header.index(f), f) for f in _INSTANTS if f in header]
        rows: Iterable[Mapping[str, Any]] = (
            {field: row[i] for i, field in columns if i < len(row)} for row in reader
        )
    else:
        rows = history_rows(text, kind)
    last, last_utc, count = None, None, 0
    for count, row in enumerate(rows, start=1):
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
