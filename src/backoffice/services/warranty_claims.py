"""Repairs under warranty (保修期内维修): flag the request, route it to the warrantor.

When a repair request naming an asset has been accepted, the clerk asks "is it still under
warranty?". :func:`review_warranty` asks the :class:`~backoffice.policies.warranty.WarrantyPolicy`
for the asset and the day the fault was reported; if the repair is covered it **flags** the
request (a progress note naming the warrantor and the warranty's last day, recorded in the
request's history) and, if the policy says so, **routes** it: assigns it to the warrantor as a
supplier. A repair not covered changes nothing.

Example::

    desk.accept(request.id, actor=clerk, at=t)
    check = review_warranty(desk, register, request.id, actor=clerk, at=t)
    if check.under_warranty: ...
"""

from __future__ import annotations

from datetime import datetime

from backoffice.domain.requests import RequestState
from backoffice.errors import InvalidTransition, ValidationError
from backoffice.policies.warranty import DatedWarrantyPolicy, WarrantyCheck, WarrantyPolicy
from backoffice.services.assets import AssetRegister
from backoffice.services.requests import ServiceDesk
from backoffice.values import ActorId, RequestId, inputs

__all__ = ["review_warranty"]

#: The states in which a request can be flagged and assigned (accepted, not yet resolved).
_REVIEWABLE = frozenset(
    {RequestState.ACCEPTED, RequestState.ASSIGNED, RequestState.IN_PROGRESS, RequestState.PAUSED}
)


def review_warranty(
    desk: ServiceDesk,
    register: AssetRegister,
    request_id: RequestId | str,
    *,
    actor: ActorId | str,
    at: datetime,
    policy: WarrantyPolicy | None = None,
) -> WarrantyCheck:
    """Check the warranty of the asset a repair request names; flag and route if covered.

    Args:
        desk: The desk holding the request.
        register: The register holding the asset.
        request_id: The repair request (accepted, not yet resolved).
        actor: Who reviews it.
        at: When.
        policy: The warranty policy (the seed :class:`DatedWarrantyPolicy` by default).

    Returns:
        The policy's decision; the request changed only if ``under_warranty``.

    Raises:
        NotFound: No such request, or its asset is not in the register.
        ValidationError: The request names no asset.
        InvalidTransition: The request is not accepted yet, or already resolved or closed.
    """
    who, when = inputs.actor(actor), inputs.instant(at)
    request = desk.get(request_id)
    if request.details.asset is None:
        raise ValidationError(f"{request.id} names no asset", field="request_id")
    asset = register.get(request.details.asset)
    if request.state not in _REVIEWABLE:
        raise InvalidTransition(request.id, "review the warranty of", request.state)
    check = (policy or DatedWarrantyPolicy.seed()).check(
        asset, reported_on=request.submitted_at.date()
    )
    if not check.under_warranty:
        return check
    note = f"Under warranty until {check.until}: a claim on {check.warrantor}"
    with desk.working_on(request.id) as working:
        working.note_progress(actor=who, at=when, note=note)
        if check.assignee is not None:
            working.assign(actor=who, at=when, assignee=check.assignee)
    return check
