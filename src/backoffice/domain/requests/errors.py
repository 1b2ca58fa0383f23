"""Errors of service requests and their SLA clocks.

Lifecycle steps taken in the wrong state raise the library's
:class:`~backoffice.errors.InvalidTransition` (``resolve`` before ``accept``, ``rate`` before
``sign_off``); the classes here are the more specific cases. Every one of them is raised before
anything changes: the request is exactly as it was.
"""

from __future__ import annotations

from datetime import datetime

from backoffice.errors import BackofficeError, InvalidTransition, NotFound, ValidationError

__all__ = ["InvalidRating", "RequestNotFound", "TimeWentBackwards", "UnknownMetric"]


class TimeWentBackwards(InvalidTransition):
    """A step was dated before the request's previous step.

    A request's history runs forwards: each step's ``at`` must not be earlier than the last
    recorded one, or the SLA clocks would count time twice.

    Attributes:
        at: The instant given.
        last: The instant of the request's last recorded step.
    """

    def __init__(self, subject: object, action: str, state: object, at: datetime, last: datetime):
        super().__init__(
            subject,
            action,
            state,
            f"{at.isoformat()} is before its last step at {last.isoformat()}",
        )
        self.at = at
        self.last = last


class InvalidRating(ValidationError):
    """A satisfaction score outside 1-5 (or not a whole number) was given."""


class RequestNotFound(NotFound):
    """No request with the given id is known to the repository or desk."""

    def __init__(self, key: object) -> None:
        super().__init__("service request", key)


class UnknownMetric(BackofficeError, LookupError):
    """An SLA metric was asked for that the request or the target set does not have.

    Attributes:
        metric: The metric asked for.
    """

    def __init__(self, metric: object, where: str) -> None:
        name = getattr(metric, "value", metric)
        super().__init__(f"{where} has no {name} target")
        self.metric = metric
