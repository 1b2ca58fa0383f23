"""Where a service desk keeps its requests, and the questions an embedding system asks of them.

:class:`RequestRepository` is the port (a database-backed store implements it);
:class:`InMemoryRequests` keeps requests in a dict, for tests, demos and scenario scripts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Protocol

import attrs

from backoffice.domain.requests import (
    Assignee,
    RequestNotFound,
    RequestState,
    ServiceRequest,
)
from backoffice.errors import ValidationError
from backoffice.values import RequestId
from backoffice.values.inputs import choice, entity_id, instant, text

__all__ = ["InMemoryRequests", "RequestRepository", "as_request_id"]


class RequestRepository(Protocol):
    """Where the desk keeps requests, and the questions an embedding system asks of them.

    Implementations raise :class:`~backoffice.domain.requests.RequestNotFound` from
    :meth:`get` and persist a request's new state (and its events) on :meth:`save`. Queries
    return requests in the order they were added.
    """

    def add(self, request: ServiceRequest) -> None:
        """Store a new request."""
        ...

    def get(self, request_id: RequestId | str) -> ServiceRequest:
        """The request with ``request_id`` (the typed id or its text)."""
        ...

    def save(self, request: ServiceRequest) -> None:
        """Persist the request after a step."""
        ...

    def __iter__(self) -> Iterator[ServiceRequest]:
        """Every request."""
        ...

    def open_requests(self) -> list[ServiceRequest]:
        """The requests neither closed, rejected nor cancelled."""
        ...

    def in_state(self, state: RequestState | str) -> list[ServiceRequest]:
        """The requests in ``state``."""
        ...

    def at_site(self, site: str) -> list[ServiceRequest]:
        """The requests whose location is at ``site`` (``RequestLocation.site``)."""
        ...

    def assigned_to(self, assignee: Assignee) -> list[ServiceRequest]:
        """The requests currently assigned to ``assignee``."""
        ...

    def due_before(self, at: datetime) -> list[ServiceRequest]:
        """The open requests with an SLA clock not stopped whose due instant is before ``at``."""
        ...


def as_request_id(value: object) -> RequestId:
    """A request id from the typed id or its text (never an id of another kind)."""
    return value if value.__class__ is RequestId else entity_id(value, RequestId, "request_id")


@attrs.define
class InMemoryRequests:
    """Requests in a dict (keyed by the id's text); for tests, demos and scenario scripts."""

    _by_id: dict[str, ServiceRequest] = attrs.field(factory=dict)

    def add(self, request: ServiceRequest) -> None:
        """Store a new request; its id must be new."""
        if request.id.value in self._by_id:
            raise ValidationError(f"request {request.id} already exists", field="id")
        self._by_id[request.id.value] = request

    def get(self, request_id: RequestId | str) -> ServiceRequest:
        """The request with ``request_id`` (or its text), or :class:`RequestNotFound`."""
        key = as_request_id(request_id).value
        try:
            return self._by_id[key]
        except KeyError:
            raise RequestNotFound(key) from None

    def save(self, request: ServiceRequest) -> None:
        """Nothing to do: the stored object is the live one."""
        self.get(request.id)

    def open_requests(self) -> list[ServiceRequest]:
        """The requests neither closed, rejected nor cancelled."""
        return [r for r in self._by_id.values() if r.is_open]

    def in_state(self, state: RequestState | str) -> list[ServiceRequest]:
        """The requests in ``state`` (the state or its name, any case)."""
        wanted = choice(state, RequestState, "state")
        return [r for r in self._by_id.values() if r.state is wanted]

    def at_site(self, site: str) -> list[ServiceRequest]:
        """The requests whose location is at ``site``."""
        wanted = text(site, "site").strip()
        return [r for r in self._by_id.values() if r.details.location.site == wanted]

    def assigned_to(self, assignee: Assignee) -> list[ServiceRequest]:
        """The requests currently assigned to ``assignee``."""
        if not isinstance(assignee, Assignee):
            raise ValidationError(
                f"assignee must be an Assignee, got {type(assignee).__name__}", field="assignee"
            )
        return [r for r in self._by_id.values() if r.assignee == assignee]

    def due_before(self, at: datetime) -> list[ServiceRequest]:
        """The open requests with an SLA clock not stopped whose due instant is before ``at``.

        A paused clock counts with the due instant it had when it paused.
        """
        limit = instant(at).astimezone(UTC)
        return [
            r
            for r in self._by_id.values()
            if r.is_open
            and any(
                c.stopped_at is None and c.due_at.astimezone(UTC) < limit for c in r.clocks.clocks
            )
        ]

    def __iter__(self) -> Iterator[ServiceRequest]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)
