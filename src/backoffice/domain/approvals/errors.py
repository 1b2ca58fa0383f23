"""What an approval chain refuses, and why.

Segregation of duties is enforced, each rule with its own error, so an embedding system can
tell the user exactly which rule stopped them: :class:`SelfApprovalForbidden` (the requester
approving their own document), :class:`DuplicateApprover` (one person approving two steps of a
chain) and :class:`ReceiverIsApprover` (the receiver of goods having approved the order).
Every error derives from :class:`ApprovalError` and the matching built-in; nothing was changed.
"""

from __future__ import annotations

from backoffice.errors import BackofficeError, NotFound, ValidationError
from backoffice.values.ids import ActorId

__all__ = [
    "ApprovalError",
    "ApprovalRequestNotFound",
    "DuplicateApprover",
    "InvalidDelegation",
    "NoEligibleApprover",
    "NotAnApprover",
    "NotTheRequester",
    "ReasonRequired",
    "ReceiverIsApprover",
    "SelfApprovalForbidden",
]


class ApprovalError(BackofficeError):
    """Root of the errors raised by approvals."""


class SelfApprovalForbidden(ApprovalError, ValueError):
    """The requester tried to decide on their own document, directly or through a delegate.

    Attributes:
        document: The document's id (as text).
        actor: Who tried.
        requester: The document's requester.
    """

    def __init__(self, document: object, actor: ActorId, requester: ActorId) -> None:
        via = "" if actor == requester else f" (acting for {requester})"
        super().__init__(
            f"{actor}{via} cannot decide on {document}: the requester never approves "
            "their own document"
        )
        self.document = document
        self.actor = actor
        self.requester = requester


class DuplicateApprover(ApprovalError, ValueError):
    """A person (or the person they act for) already approved a step of this chain.

    One person approves at most one step, so that every step is a separate pair of eyes.

    Attributes:
        document: The document's id (as text).
        person: The person who approved before (the actor or the principal they act for).
        step: The step now being approved (0-based).
        previous_step: The step they approved before.
    """

    def __init__(self, document: object, person: ActorId, step: int, previous_step: int) -> None:
        where = "this step" if step == previous_step else f"step {previous_step + 1}"
        super().__init__(
            f"{person} already approved {where} of {document}; "
            "one person approves at most one step of a chain"
        )
        self.document = document
        self.person = person
        self.step = step
        self.previous_step = previous_step


class ReceiverIsApprover(ApprovalError, ValueError):
    """The person receiving the goods approved the order they are delivered against.

    Attributes:
        document: The order's id (as text).
        receiver: Who is receiving.
    """

    def __init__(self, document: object, receiver: ActorId) -> None:
        super().__init__(
            f"{receiver} approved {document} and so cannot receive its goods; "
            "ask someone else to sign for the delivery"
        )
        self.document = document
        self.receiver = receiver


class NotAnApprover(ApprovalError, ValueError):
    """The actor is not eligible for the current step (holds no such role, no delegation).

    Attributes:
        document: The document's id (as text).
        actor: Who tried.
        step: The current step (0-based).
        role: The step's role.
    """

    def __init__(self, document: object, actor: ActorId, step: int, role: object) -> None:
        super().__init__(f"{actor} is not an approver of step {step + 1} ({role}) of {document}")
        self.document = document
        self.actor = actor
        self.step = step
        self.role = role


class NotTheRequester(ApprovalError, ValueError):
    """Only the requester may resubmit or withdraw a document."""

    def __init__(self, document: object, actor: ActorId, action: str) -> None:
        super().__init__(f"only the requester can {action} {document}, not {actor}")
        self.document = document
        self.actor = actor
        self.action = action


class NoEligibleApprover(ApprovalError, LookupError):
    """A step cannot be staffed, so the chain could never complete.

    Nobody but the requester holds its role, fewer people than its quorum do, or the chain
    cannot be completed with one person per step.

    Attributes:
        document: The document's id (as text).
        step: The step that cannot be staffed (0-based).
        role: Its role.
    """

    def __init__(self, document: object, step: int, role: object, detail: str = "") -> None:
        message = f"step {step + 1} ({role}) of {document} has not enough eligible approvers"
        super().__init__(f"{message}: {detail}" if detail else message)
        self.document = document
        self.step = step
        self.role = role


class InvalidDelegation(ApprovalError, ValueError):
    """A delegation was presented that does not cover this actor, role or moment.

    Attributes:
        reason: Why it does not hold.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"delegation refused: {reason}")
        self.reason = reason


class ReasonRequired(ValidationError):
    """A rejection or a return for changes was made without a reason."""


class ApprovalRequestNotFound(NotFound, ApprovalError):
    """No approval request for this document."""

    def __init__(self, key: object) -> None:
        super().__init__("approval request", key)
