"""Requests a service raises in the service desk on its own account: work orders, corrections.

The maintenance planner raises a planned maintenance request for every due occurrence, the
inspection service a corrective request (整改单) for every finding. Both raise **several**
requests in one command, and a command changes everything or nothing, so both go through the
same two steps here:

1. :func:`check_work_orders` checks every :class:`WorkOrder` with the desk
   (:meth:`ServiceDesk.check_submit <backoffice.services.requests.ServiceDesk.check_submit>`):
   nothing is raised, no id is minted;
2. :func:`raise_work_orders` raises the checked submissions (which cannot be refused).

A work order comes in through the OA system and is desired by the end of its due day, in the
time zone of the command's instant.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Final

import attrs

from backoffice.domain.requests import Category, Channel, RequestLocation, ServiceRequest
from backoffice.domain.requests.request import Submission
from backoffice.services.requests import ServiceDesk
from backoffice.values import ActorId, AssetId

__all__ = ["END_OF_DAY", "WorkOrder", "check_work_orders", "raise_work_orders"]

#: When in its due day a work order is desired by.
END_OF_DAY: Final = time(18, 0)


@attrs.frozen(kw_only=True)
class WorkOrder:
    """A request a service is about to raise in the desk.

    Attributes:
        description: What is to be done (it names the plan occurrence or the finding).
        location: Where.
        due_on: The day it is desired by (at :data:`END_OF_DAY`).
        category: The request category.
        asset: The asset concerned, if one.
    """

    description: str
    location: RequestLocation
    due_on: date
    category: Category = Category.REPAIR
    asset: AssetId | None = None


def check_work_orders(
    desk: ServiceDesk, orders: Iterable[WorkOrder], *, requester: ActorId, at: datetime
) -> list[Submission]:
    """Check every order with ``desk``, in order; nothing is raised.

    Raises:
        ValidationError: The desk refuses one of them (then none is raised).
    """
    return [
        desk.check_submit(
            channel=Channel.OA_SYSTEM,
            category=order.category,
            description=order.description,
            location=order.location,
            requester=requester,
            at=at,
            asset=order.asset,
            desired_by=datetime.combine(order.due_on, END_OF_DAY, tzinfo=at.tzinfo),
        )
        for order in orders
    ]


def raise_work_orders(desk: ServiceDesk, checked: Iterable[Submission]) -> list[ServiceRequest]:
    """Raise the submissions :func:`check_work_orders` accepted, in order."""
    return [desk.submit_checked(submission) for submission in checked]
