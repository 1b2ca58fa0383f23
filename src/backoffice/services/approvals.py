"""The approval service: submitting documents and deciding on them, with the org chart wired in.

:class:`ApprovalService` is what an embedding system calls. It wires the pure pieces:

* on **submission** it asks the :class:`~backoffice.policies.approval.ApprovalPolicy` for the
  chain, the :class:`~backoffice.services.directory.Directory` for the holders of each step's
  role, and the optional split-purchase detector whether the document completes a split (a
  flagged document is routed as if it were for the combined amount);
* on a **decision** it finds the delegation the actor approves under, if they are not an
  approver themselves, and lets the request enforce the chain and segregation of duties;
* :meth:`ApprovalService.escalate_overdue` escalates every step past its deadline.

Staffing rule: a step gets the holders of its role for the document's department, the
requester left out; if that leaves too few for its quorum and the step has an escalation role,
that role's holders are added at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Final

import attrs

from backoffice.calendar import BusinessCalendar, WorkingCalendar
from backoffice.domain.approvals.delegation import Delegation
from backoffice.domain.approvals.documents import ApprovalDocument, DocumentId
from backoffice.domain.approvals.errors import ApprovalRequestNotFound, ReasonRequired
from backoffice.domain.approvals.events import APPROVAL_EVENTS, ApprovalRequested
from backoffice.domain.approvals.request import ApprovalRequest, ApprovalStatus, StepAssignment
from backoffice.domain.approvals.splitting import SplitPurchaseDetector, SplitPurchaseFlag
from backoffice.domain.approvals.steps import ApprovalChain
from backoffice.domain.events import DomainEvent
from backoffice.errors import ValidationError
from backoffice.policies.approval import ApprovalPolicy
from backoffice.services.approval_repository import ApprovalRepository, InMemoryApprovals
from backoffice.services.directory import Directory
from backoffice.values import inputs
from backoffice.values.ids import ActorId

__all__ = ["ESCALATION_SCHEDULER", "ApprovalService"]

#: The actor recorded on escalations made by :meth:`ApprovalService.escalate_overdue`.
ESCALATION_SCHEDULER: Final = ActorId("approval-scheduler")


def _document(value: object) -> ApprovalDocument:
    if not isinstance(value, ApprovalDocument):
        raise ValidationError(
            f"document must be an ApprovalDocument, got {type(value).__name__}",
            field="document",
            value=value,
        )
    return value


def _document_id(value: object) -> DocumentId:
    return inputs.entity_id(value, DocumentId, "document_id")


def _reason(value: object) -> str:
    """A reason to reject or return: required text (blank: :class:`ReasonRequired`)."""
    if isinstance(value, str) and not value.strip():
        raise ReasonRequired("a reason is required to decide against a document", field="reason")
    return inputs.text(value, "reason")


@attrs.define
class ApprovalService:
    """Approval chains for an organisation: policy, directory and calendar wired together.

    Every command checks its arguments (ids as typed ids or their text, actors, free text,
    aware instants) and the request's state before it changes anything: a refused command
    leaves no request, no event and no trace in the split-purchase detector.

    Attributes:
        policy: Decides each document's chain.
        directory: Who holds which role; who delegates to whom.
        calendar: The business calendar step deadlines count on (24x7 by default).
        split_detector: Flags split purchases, if given.
        receiver_must_not_approve: The optional segregation rule checked by
            :meth:`check_receiver`.
        requests: Where the requests are kept (in memory by default).
    """

    policy: ApprovalPolicy
    directory: Directory
    calendar: WorkingCalendar = attrs.field(factory=BusinessCalendar.always)
    split_detector: SplitPurchaseDetector | None = None
    receiver_must_not_approve: bool = True
    requests: ApprovalRepository = attrs.field(factory=InMemoryApprovals, repr=False)
    _outbox: list[DomainEvent] = attrs.field(factory=list, repr=False)

    @classmethod
    def restore(
        cls,
        events: Iterable[DomainEvent],
        *,
        policy: ApprovalPolicy,
        directory: Directory,
        calendar: WorkingCalendar | None = None,
        split_detector: SplitPurchaseDetector | None = None,
        receiver_must_not_approve: bool = True,
        requests: ApprovalRepository | None = None,
    ) -> ApprovalService:
        """A service rebuilt from the events its requests recorded, ready to work.

        Every request is replayed (:meth:`ApprovalRequest.replay`) from its own events, which
        may be interleaved with other requests' (events of other aggregates, the delegation
        register's included, are skipped); the split-purchase detector is fed every accepted
        submission again, in order, so the next document is flagged as it would have been.

        Args:
            events: The events, oldest first (as :meth:`collect_events` handed them over).
            policy: Decides the chains of documents submitted or resubmitted from now on.
            directory: The org chart (delegations are the directory's own to restore).
            calendar: The calendar the requests were submitted under (24x7 by default).
            split_detector: A fresh detector (nothing observed yet) with the settings used.
            receiver_must_not_approve: As for the constructor.
            requests: An empty repository to keep the requests in (in memory by default).

        Raises:
            ValidationError: A request's events are out of sequence or do not start with its
                submission, or the detector has observed documents already.
        """
        if split_detector is not None and split_detector.last_seen is not None:
            raise ValidationError(
                "restore needs a fresh split-purchase detector: it is fed the history again",
                field="split_detector",
            )
        service = cls(
            policy,
            directory,
            calendar if calendar is not None else BusinessCalendar.always(),
            split_detector,
            receiver_must_not_approve,
            requests if requests is not None else InMemoryApprovals(),
        )
        streams: dict[str, list[DomainEvent]] = {}
        for event in events:
            if not isinstance(event, APPROVAL_EVENTS):
                continue
            streams.setdefault(event.aggregate_id, []).append(event)
            if split_detector is not None and isinstance(event, ApprovalRequested):
                split_detector.remember(event.document, event.occurred_at)
        for stream in streams.values():
            service.requests.saved(ApprovalRequest.replay(stream, calendar=service.calendar))
        return service

    # -- commands ------------------------------------------------------------------------------

    def submit(self, document: ApprovalDocument, *, at: datetime) -> ApprovalRequest:
        """Submit ``document`` for approval; returns its request.

        The split-purchase detector is asked first (a flagged document is routed as if for
        the combined amount) but remembers the document only once the submission is accepted.

        Raises:
            ValidationError: Not a document, a naive or earlier instant, or a document with
                this id was submitted already.
            NoApprovalRule: The policy has no rule for it.
            NoEligibleApprover: A step cannot be staffed.
        """
        document = _document(document)
        at = inputs.instant(at)
        if self.requests.get(document.id) is not None:
            raise ValidationError(
                f"{document.id} was submitted already; resubmit it after a return",
                field="document",
            )
        detector = self.split_detector
        flag = None if detector is None else detector.flag_for(document, at)
        chain = self._chain(document, flag)
        request = ApprovalRequest.submit(
            document,
            self._staff(chain, document),
            calendar=self.calendar,
            at=at,
            restart=chain.restart,
            split_flag=flag,
        )
        if detector is not None:
            detector.remember(document, at)
        self._keep(request)
        return request

    def approve(
        self, document_id: DocumentId, actor: ActorId, *, at: datetime, comment: str = ""
    ) -> ApprovalRequest:
        """``actor`` approves the current step, in person or under a delegation they hold."""
        request = self.request(document_id)
        who, at = inputs.actor(actor), inputs.instant(at)
        note = inputs.optional_text(comment, "comment")
        delegation = self._delegation(request, who, at)
        request.approve(who, at=at, delegation=delegation, comment=note)
        self._keep(request)
        return request

    def reject(
        self, document_id: DocumentId, actor: ActorId, *, reason: str, at: datetime
    ) -> ApprovalRequest:
        """``actor`` rejects the document (a reason is required)."""
        request = self.request(document_id)
        who, at, why = inputs.actor(actor), inputs.instant(at), _reason(reason)
        request.reject(who, reason=why, at=at, delegation=self._delegation(request, who, at))
        self._keep(request)
        return request

    def return_for_changes(
        self, document_id: DocumentId, actor: ActorId, *, reason: str, at: datetime
    ) -> ApprovalRequest:
        """``actor`` returns the document to its requester for changes (a reason is required)."""
        request = self.request(document_id)
        who, at, why = inputs.actor(actor), inputs.instant(at), _reason(reason)
        request.return_for_changes(
            who, reason=why, at=at, delegation=self._delegation(request, who, at)
        )
        self._keep(request)
        return request

    def resubmit(self, document: ApprovalDocument, *, at: datetime) -> ApprovalRequest:
        """Resubmit a returned document, revised; the chain is decided and staffed afresh."""
        document = _document(document)
        at = inputs.instant(at)
        request = self.request(document.id)
        chain = self.policy.chain_for(document)
        request.resubmit(document, self._staff(chain, document), at=at)
        self._keep(request)
        return request

    def withdraw(
        self, document_id: DocumentId, actor: ActorId, *, reason: str = "", at: datetime
    ) -> ApprovalRequest:
        """The requester withdraws the document."""
        request = self.request(document_id)
        who, at = inputs.actor(actor), inputs.instant(at)
        request.withdraw(who, reason=inputs.optional_text(reason, "reason"), at=at)
        self._keep(request)
        return request

    def escalate_overdue(
        self, *, at: datetime, actor: ActorId = ESCALATION_SCHEDULER
    ) -> list[DocumentId]:
        """Escalate every pending step that is past its deadline; returns the documents.

        A step whose escalation role nobody but the requester holds stays with its own
        approvers (there is nobody to escalate to); it does not hold up the other documents.
        """
        at, who = inputs.instant(at), inputs.actor(actor)
        escalated: list[DocumentId] = []
        for request in self.requests:
            spec = request.steps[request.current].spec if request.steps else None
            if spec is None or spec.escalate_to is None or not request.is_overdue(at):
                continue
            holders = self.directory.holders(spec.escalate_to, request.document.department)
            if not holders - {request.document.requester}:
                continue
            request.escalate(holders, actor=who, at=at)
            self._keep(request)
            escalated.append(request.id)
        return escalated

    # -- queries and guards --------------------------------------------------------------------

    def request(self, document_id: DocumentId) -> ApprovalRequest:
        """The approval request of ``document_id``.

        Raises:
            ApprovalRequestNotFound: The document was never submitted.
        """
        document_id = _document_id(document_id)
        request = self.requests.get(document_id)
        if request is None:
            raise ApprovalRequestNotFound(document_id)
        return request

    def pending_for(self, approver: ActorId | str) -> list[ApprovalRequest]:
        """The pending requests whose current step ``approver`` may approve in person.

        Read from the repository's index (see :meth:`awaiting` for delegations too).
        """
        return self.requests.pending_for(inputs.actor(approver, "approver"))

    def awaiting(self, actor: ActorId, *, at: datetime) -> list[ApprovalRequest]:
        """The pending requests ``actor`` may approve now, in person or as a delegate."""
        principals = {actor} | {d.principal for d in self.directory.delegations_held(actor, at)}
        return [
            request
            for request in self.requests
            if request.status is ApprovalStatus.PENDING and principals & request.eligible()
        ]

    def check_receiver(self, document_id: DocumentId, receiver: ActorId) -> None:
        """Refuse ``receiver`` for the goods of ``document_id`` if they approved the order.

        Does nothing when :attr:`receiver_must_not_approve` is off.

        Raises:
            ReceiverIsApprover: The receiver approved the order.
        """
        if self.receiver_must_not_approve:
            self.request(document_id).check_receiver(receiver)

    def collect_events(self) -> list[DomainEvent]:
        """The events of every request handled since the last call, oldest first."""
        events, self._outbox = self._outbox, []
        return events

    # -- internals -----------------------------------------------------------------------------

    def _keep(self, request: ApprovalRequest) -> None:
        """Save a request a command changed, and hand its new events to the outbox."""
        self.requests.saved(request)
        self._outbox.extend(request.collect_events())

    def _chain(self, document: ApprovalDocument, flag: SplitPurchaseFlag | None) -> ApprovalChain:
        """The policy's chain, for the combined amount when the document completes a split."""
        if flag is None or flag.total <= document.amount:
            return self.policy.chain_for(document)
        return self.policy.chain_for(attrs.evolve(document, amount=flag.total))

    def _staff(self, chain: ApprovalChain, document: ApprovalDocument) -> list[StepAssignment]:
        steps: list[StepAssignment] = []
        for spec in chain.steps:
            people = self.directory.holders(spec.role, document.department) - {document.requester}
            short = not people or spec.quorum.required(len(people)) > len(people)
            if short and spec.escalate_to is not None:
                extra = self.directory.holders(spec.escalate_to, document.department)
                people = people | (extra - {document.requester})
            steps.append(StepAssignment(spec, people))
        return steps

    def _delegation(
        self, request: ApprovalRequest, actor: ActorId, at: datetime
    ) -> Delegation | None:
        """The delegation ``actor`` acts under, or ``None`` if they act in person.

        In person if they are eligible themselves; otherwise under the first delegation they
        hold from an eligible approver who has not approved yet.
        """
        if request.status is not ApprovalStatus.PENDING:
            return None
        eligible = request.eligible()
        if actor in eligible:
            return None
        acted = {decision.principal for decision in request.approvals(request.current)}
        candidates = [
            d for d in self.directory.delegations_held(actor, at) if d.principal in eligible
        ]
        fresh = [d for d in candidates if d.principal not in acted]
        chosen = fresh or candidates
        return chosen[0] if chosen else None
