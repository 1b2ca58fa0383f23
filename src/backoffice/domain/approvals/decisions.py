"""Decisions on a document: approve, reject, return for changes.

An approver at the current step makes one of three **decisions**:

* **approve**: counts towards the step's quorum; when the quorum is reached the next step
  starts, and when the last step is complete the document is approved;
* **reject**: the document is refused for good (a reason is required);
* **return for changes**: the document goes back to the requester (a reason is required), who
  may resubmit a revised version; the chain then restarts by its
  :class:`~backoffice.domain.approvals.steps.RestartRule`.

Each decision is kept in the request's history and recorded as an event.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from backoffice.domain.approvals.delegation import DelegationId
from backoffice.values.ids import ActorId

__all__ = ["Decision", "DecisionKind"]


class DecisionKind(enum.Enum):
    """The three decisions an approver can make."""

    APPROVE = "approve"
    REJECT = "reject"
    RETURN = "return"


@attrs.frozen(kw_only=True)
class Decision:
    """One decision on a document.

    Attributes:
        kind: Approve, reject or return.
        step: The step decided on (0-based).
        round: The submission round (1 for the first submission, +1 per resubmission).
        actor: Who decided.
        on_behalf_of: The principal, when the actor decided as a delegate.
        delegation: The delegation used, if any.
        at: When.
        reason: The reason (required for reject and return) or the approver's comment.
    """

    kind: DecisionKind
    step: int
    round: int
    actor: ActorId
    on_behalf_of: ActorId | None
    delegation: DelegationId | None
    at: datetime
    reason: str = ""

    @property
    def principal(self) -> ActorId:
        """Whose authority the decision used: the principal, or the actor themselves."""
        return self.on_behalf_of if self.on_behalf_of is not None else self.actor

    @property
    def persons(self) -> frozenset[ActorId]:
        """Everyone whose hand is in the decision: the actor and the principal."""
        return frozenset({self.actor, self.principal})
