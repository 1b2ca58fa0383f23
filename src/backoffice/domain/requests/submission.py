"""A submission: a request checked and ready to be raised, before it has an id.

The service desk checks a submission before it mints an id for it, so a refused one consumes
no id (and a service raising several requests checks them all first). A checked
:class:`Submission` has its review clock (需求初审) started already; given its id, it raises
the request, which cannot fail.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from backoffice.domain.requests import clockstate
from backoffice.domain.requests import events as ev
from backoffice.domain.requests.details import RequestDetails
from backoffice.domain.requests.kinds import Tier
from backoffice.domain.requests.targets import SlaDeadline, SlaTarget
from backoffice.values import ActorId, RequestId

if TYPE_CHECKING:
    from backoffice.domain.requests.request import ServiceRequest

__all__ = ["Submission"]


@attrs.frozen
class Submission:
    """A submission checked by :meth:`ServiceRequest.check_submission`, waiting for its id.

    Its review clock is started already; :meth:`raise_as` cannot fail.
    """

    _kind: type[ServiceRequest]
    _fields: tuple[RequestDetails, SlaTarget | None, Tier | None, str, tuple[SlaDeadline, ...]]
    actor: ActorId
    at: datetime
    _clocks: tuple[tuple[SlaTarget, ...], tuple[clockstate.ClockState, ...]] | None

    @property
    def details(self) -> RequestDetails:
        """What is asked for."""
        return self._fields[0]

    def raise_as(self, request_id: RequestId) -> ServiceRequest:
        """The request, raised under ``request_id`` (checked by the caller: a new id)."""
        details, review, tier, reason, deadlines = self._fields
        event = ev.trusted_submitted(
            request_id.value, 1, self.actor, self.at, details, review, tier, reason, deadlines
        )
        request = self._kind._from_submission(event, request_id, clocks=self._clocks)
        request._log.append(event)
        return request
