"""Approval chains driven by random decisions of random people, against a small model.

A random approval matrix (:func:`~backoffice.testing.approvals.approval_matrices`) and a random
org chart feed an :class:`~backoffice.services.ApprovalService`. Documents of random amounts
are submitted, then approved, rejected, returned for changes, resubmitted, withdrawn and
escalated, by actors drawn on purpose from the awkward ones: the requester, people who approved
an earlier step, delegates of the step's approvers, anyone at all. Delegations are granted
along the way and time moves on, so deadlines pass and delegations lapse.

The model is written here from the rules, not from the code: staffing by Hall's condition
(every set of steps has enough distinct people for its quorums), and each decision's outcome
predicted in the order the rules are documented. After every step the machine checks that

* the service's requests are the model's (status, step, round, approvals, who may approve);
* no decision was ever made by the requester, directly or on their behalf, and no person's
  hand is in two approvals of a round (no double step);
* a document is approved only when every step has its quorum, and a pending one only waits on
  an incomplete step after complete ones;
* a refused command raised the specific error the model predicts and changed nothing;
* folding the recorded events rebuilds the same state (the events are the audit trail);
* the events, saved as JSON and restored into a fresh service
  (:meth:`ApprovalService.restore`), give a service equal in every query to the running one.
"""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from backoffice import ActorId, DepartmentId, InvalidTransition, Money
from backoffice.domain.approvals import (
    ApprovalDocument,
    ApprovalEscalated,
    ApprovalGranted,
    ApprovalRejected,
    ApprovalRequest,
    ApprovalRequested,
    ApprovalRequestNotFound,
    ApprovalResubmitted,
    ApprovalReturned,
    ApprovalStatus,
    ApprovalWithdrawn,
    DeadlineUnit,
    DelegationId,
    DocumentId,
    DocumentKind,
    DuplicateApprover,
    NoEligibleApprover,
    NotAnApprover,
    NotTheRequester,
    ReasonRequired,
    RestartRule,
    Role,
    SelfApprovalForbidden,
    StepSpec,
)
from backoffice.domain.budgets import SEED_CATEGORIES, SpendingCategory
from backoffice.domain.events import DomainEvent
from backoffice.policies.approval import ThresholdApprovalPolicy
from backoffice.serialization import EventCodec
from backoffice.services import ApprovalService, InMemoryDirectory
from backoffice.testing.approvals import ROLE_CODES, approval_matrices, approval_service_state

# attrs replaces each slotted class; the replaced ones linger in __subclasses__() until the
# garbage collector runs, and for_all_events() would see two classes of one name.
gc.collect()
CODEC = EventCodec.for_all_events()

PEOPLE = tuple(ActorId(f"p{n}") for n in range(1, 7))
DEPARTMENTS = (DepartmentId("DEP-ADMIN"), DepartmentId("DEP-IT"))
#: Amounts on and around the thresholds the matrices draw from.
AMOUNTS = (0, 999, 1000, 4999, 5000, 19999, 20000, 49999, 50000, 199999, 200000, 260000)
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
PENDING = ApprovalStatus.PENDING
REASONS = ("quote too high", "wrong cost centre", "", "   ")

Org = dict[tuple[str, DepartmentId | None], frozenset[ActorId]]


@st.composite
def org_charts(draw: st.DrawFn) -> Org:
    """Each role held organisation-wide by 0-3 people; department heads also per department."""
    chart: Org = {}
    for code in ROLE_CODES:
        nobody = draw(st.integers(0, 29)) == 0  # now and then a role nobody holds
        people = st.frozensets(st.sampled_from(PEOPLE), min_size=1, max_size=3)
        chart[code, None] = frozenset() if nobody else draw(people)
    for department in DEPARTMENTS:
        heads = draw(st.frozensets(st.sampled_from(PEOPLE), max_size=2))
        if heads:
            chart["department-head", department] = heads
    return chart


@attrs.define
class Doc:
    """The model of one request: plain lists and dicts, principal -> actor per step."""

    document: ApprovalDocument
    specs: tuple[StepSpec, ...]
    approvers: list[frozenset[ActorId]]
    eligible: list[frozenset[ActorId]] = attrs.Factory(list)
    approvals: list[dict[ActorId, ActorId]] = attrs.Factory(list)
    status: ApprovalStatus = PENDING
    current: int = 0
    round: int = 1
    due: datetime | None = None
    escalated: bool = False
    returned_step: int = 0

    def required(self, step: int) -> int:
        return self.specs[step].quorum.required(len(self.approvers[step]))

    def begin(self, step: int, due: datetime | None) -> None:
        """Make ``step`` current: approvals of earlier steps stand, later ones are void."""
        self.approvals = self.approvals[:step] + [{} for _ in self.specs[step:]]
        self.eligible = list(self.approvers)
        self.current, self.due, self.escalated = step, due, False


@attrs.define
class Projection:
    """What the events alone say about a request."""

    approvers: list[frozenset[ActorId]]
    eligible: list[frozenset[ActorId]]
    approvals: list[dict[ActorId, ActorId]]
    due: datetime | None
    version: int
    status: ApprovalStatus = PENDING
    current: int = 0
    round: int = 1


def fold(projections: dict[DocumentId, Projection], event_: DomainEvent) -> None:
    """Apply one event to the projection of its document."""
    key = DocumentId(event_.aggregate_id)
    if isinstance(event_, ApprovalRequested):
        assert key not in projections
        assert event_.version == 1
        approvers = [frozenset(a) for a in event_.approvers]
        projections[key] = Projection(
            approvers, list(approvers), [{} for _ in approvers], event_.due, 1
        )
        return
    p = projections[key]
    assert event_.version == p.version + 1, "events are numbered without gaps"
    p.version = event_.version
    if isinstance(event_, ApprovalGranted):
        p.approvals[event_.step][event_.on_behalf_of or event_.actor] = event_.actor
        if event_.document_approved:
            p.status, p.due = ApprovalStatus.APPROVED, None
        elif event_.step_complete:
            p.current, p.due, p.eligible = event_.step + 1, event_.next_due, list(p.approvers)
    elif isinstance(event_, ApprovalRejected | ApprovalReturned | ApprovalWithdrawn):
        p.due = None
        p.status = {
            ApprovalRejected: ApprovalStatus.REJECTED,
            ApprovalReturned: ApprovalStatus.RETURNED,
            ApprovalWithdrawn: ApprovalStatus.WITHDRAWN,
        }[type(event_)]
    elif isinstance(event_, ApprovalResubmitted):
        p.approvers = [frozenset(a) for a in event_.approvers]
        keep = event_.restart_step
        p.approvals = p.approvals[:keep] + [{} for _ in p.approvers[keep:]]
        p.eligible, p.current, p.round = list(p.approvers), keep, event_.round
        p.status, p.due = PENDING, event_.due
    elif isinstance(event_, ApprovalEscalated):
        p.eligible[event_.step] = p.eligible[event_.step] | frozenset(event_.approvers)
        p.due = None
    else:  # pragma: no cover - a new event type must be taught to the projection
        raise AssertionError(f"unexpected event {event_!r}")


def snapshot(request: ApprovalRequest) -> tuple[object, ...]:
    """Everything observable about a request, to check that a refusal changed nothing."""
    return (
        request.document,
        request.status,
        request.current,
        request.round,
        request.due,
        request.version,
        request.history,
        tuple(request.approvals(s) for s in range(len(request.steps))),
        tuple(request.eligible(s) for s in range(len(request.steps))),
    )


class ApprovalMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.service: ApprovalService
        self.policy: ThresholdApprovalPolicy
        self.directory: InMemoryDirectory
        self.org: Org = {}
        self.delegations: list[tuple[ActorId, ActorId, datetime, datetime]] = []
        self.docs: dict[DocumentId, Doc] = {}
        self.projections: dict[DocumentId, Projection] = {}
        self.history: list[DomainEvent] = []  # every event, through JSON and back
        self.now = T0
        self.counter = 0

    # -- the model's rules ---------------------------------------------------------------------

    def holders(self, role: Role, department: DepartmentId) -> frozenset[ActorId]:
        return self.org.get((str(role), department)) or self.org.get((str(role), None), frozenset())

    def staff(
        self, specs: tuple[StepSpec, ...], document: ApprovalDocument
    ) -> list[frozenset[ActorId]] | None:
        """Each step's approvers, or ``None`` if the chain cannot complete one person per step."""
        staffed = []
        for spec in specs:
            people = self.holders(spec.role, document.department) - {document.requester}
            short = spec.quorum.required(len(people)) > len(people) or not people
            if short and spec.escalate_to is not None:
                people |= self.holders(spec.escalate_to, document.department)
                people -= {document.requester}
            staffed.append(people)
        required = [spec.quorum.required(len(p)) for spec, p in zip(specs, staffed, strict=True)]
        if any(not 1 <= r <= len(p) for r, p in zip(required, staffed, strict=True)):
            return None
        # Hall: one person per quorum slot exists iff every set of steps has enough people.
        for size in range(2, len(specs) + 1):
            for steps in itertools.combinations(range(len(specs)), size):
                people = frozenset().union(*(staffed[i] for i in steps))
                if len(people) < sum(required[i] for i in steps):
                    return None
        return staffed

    def due(self, spec: StepSpec, start: datetime) -> datetime | None:
        """The deadline on a round-the-clock calendar (the service's default)."""
        if spec.deadline is None:
            return None
        if spec.deadline.unit is DeadlineUnit.WORKING_HOURS:
            return start + timedelta(hours=spec.deadline.amount)
        # Close of business (midnight) of the n-th day after the start's date.
        day = start.date() + timedelta(days=spec.deadline.amount + 1)
        return datetime.combine(day, time(0), tzinfo=UTC)

    def principal(self, doc: Doc, actor: ActorId) -> ActorId:
        """Whose authority ``actor`` uses: their own, or that of a delegation in force."""
        if doc.status is not PENDING or actor in doc.eligible[doc.current]:
            return actor
        eligible = doc.eligible[doc.current]
        held = [
            principal
            for delegate, principal, starts, ends in self.delegations
            if delegate == actor and starts <= self.now < ends and principal in eligible
        ]
        fresh = [p for p in held if p not in doc.approvals[doc.current]]
        return (fresh or held or [actor])[0]

    def refusal(self, doc: Doc, actor: ActorId, approving: bool) -> type[Exception] | None:
        """The error a decision must raise, in the documented order, or ``None``."""
        if doc.status is not PENDING:
            return InvalidTransition
        principal = self.principal(doc, actor)
        if doc.document.requester in (actor, principal):
            return SelfApprovalForbidden
        if principal not in doc.eligible[doc.current]:
            return NotAnApprover
        hands = {actor, principal}
        if approving and any(hands & {p, a} for step in doc.approvals for p, a in step.items()):
            return DuplicateApprover
        return None

    # -- helpers -------------------------------------------------------------------------------

    def collect(self) -> None:
        for event_ in self.service.collect_events():
            fold(self.projections, event_)
            stored = CODEC.load(json.loads(json.dumps(CODEC.dump(event_))))
            assert stored == event_
            self.history.append(stored)

    def refused(
        self, document_id: DocumentId, error: type[Exception], call: Callable[[], object]
    ) -> Exception:
        """Run ``call``, which must raise ``error`` and leave the request as it was."""
        request = self.service.request(document_id)
        before = snapshot(request)
        with pytest.raises(error) as raised:
            call()
        assert snapshot(request) == before, "a refused command changed the request"
        assert self.service.collect_events() == []
        event(f"refused: {error.__name__}")
        return raised.value

    def pick(self, data: st.DataObject, status: ApprovalStatus | None = None) -> Doc:
        """A document; mostly one in ``status``, if given and there is one."""
        ids = sorted(self.docs)
        wanted = [d for d in ids if self.docs[d].status is status]
        if wanted and data.draw(st.integers(0, 4), label="in the wanted state") > 0:
            ids = wanted
        return self.docs[data.draw(st.sampled_from(ids), label="document")]

    def awkward_actor(self, data: st.DataObject, doc: Doc) -> ActorId:
        """Mostly someone interesting: an approver, a past approver, a delegate, the requester."""
        pools = [list(PEOPLE), [doc.document.requester]]
        if doc.status is PENDING:
            eligible = doc.eligible[doc.current]
            pools.append(sorted(eligible))
            pools.append(sorted({a for step in doc.approvals for a in step.values()}))
            pools.append(
                sorted(
                    {
                        delegate
                        for delegate, principal, starts, ends in self.delegations
                        if principal in eligible and starts <= self.now < ends
                    }
                )
            )
        if doc.status is PENDING and data.draw(st.booleans(), label="eligible first"):
            pools = pools[2:3] + pools[4:]  # an approver of the step or one of their delegates
        pool = data.draw(st.sampled_from([p for p in pools if p] or [list(PEOPLE)]), label="pool")
        return data.draw(st.sampled_from(pool), label="actor")

    # -- rules ---------------------------------------------------------------------------------

    @initialize(matrix=approval_matrices(), org=org_charts(), data=st.data())
    def set_up(self, matrix: dict[str, Any], org: Org, data: st.DataObject) -> None:
        repeats = data.draw(st.integers(0, 3), label="roles may repeat in a column") == 0
        for column in matrix["columns"]:
            if not repeats:  # mostly each role once per column, as real matrices have it
                firsts = {level["role"]: level for level in reversed(column["levels"])}
                column["levels"] = [lv for lv in column["levels"] if firsts[lv["role"]] is lv]
            # The step a document waits on first gets a deadline and an escalation role now
            # and then, so that escalation happens.
            if data.draw(st.booleans(), label="first level escalates"):
                column["levels"][0]["within_working_hours"] = data.draw(st.integers(1, 24))
                column["levels"][0]["escalate_to"] = data.draw(st.sampled_from(ROLE_CODES))
        self.policy = ThresholdApprovalPolicy.from_dict(matrix)
        self.org = org
        self.directory = InMemoryDirectory()
        for (code, department), people in org.items():
            for person in people:
                self.directory.assign(Role(code), person, department=department)
        self.service = ApprovalService(self.policy, self.directory)

    @rule(
        requester=st.sampled_from(PEOPLE),
        department=st.sampled_from(DEPARTMENTS),
        amount=st.sampled_from(AMOUNTS),
        kind=st.sampled_from(DocumentKind),
        category=st.sampled_from(sorted(SEED_CATEGORIES)),
    )
    def submit(
        self,
        requester: ActorId,
        department: DepartmentId,
        amount: int,
        kind: DocumentKind,
        category: SpendingCategory,
    ) -> None:
        self.counter += 1
        document = ApprovalDocument(
            id=DocumentId(f"DOC-{self.counter}"),
            kind=kind,
            amount=Money(amount, "CNY"),
            category=category,
            department=department,
            requester=requester,
        )
        specs = self.policy.chain_for(document).steps
        staffed = self.staff(specs, document)
        if staffed is None:
            with pytest.raises(NoEligibleApprover):
                self.service.submit(document, at=self.now)
            with pytest.raises(ApprovalRequestNotFound):
                self.service.request(document.id)
            assert self.service.collect_events() == []
            event("refused at submission: NoEligibleApprover")
            return
        request = self.service.submit(document, at=self.now)
        assert [step.approvers for step in request.steps] == staffed
        doc = Doc(document, specs, staffed)
        doc.begin(0, self.due(specs[0], self.now))
        self.docs[document.id] = doc
        self.collect()

    @rule(data=st.data())
    def approve(self, data: st.DataObject) -> None:
        if self.docs:
            self.approve_one(data, self.pick(data, PENDING))

    @rule(data=st.data(), count=st.integers(1, 6))
    def push_through(self, data: st.DataObject, count: int) -> None:
        """Several approvals in a row on one document, so that chains get to the end."""
        if not self.docs:
            return
        doc = self.pick(data, PENDING)
        for _ in range(count):
            self.now += timedelta(minutes=data.draw(st.sampled_from([5, 60, 600])))
            self.approve_one(data, doc)

    def approve_one(self, data: st.DataObject, doc: Doc) -> None:
        actor = self.awkward_actor(data, doc)
        document_id = doc.document.id
        expected = self.refusal(doc, actor, approving=True)
        if expected is not None:
            error = self.refused(
                document_id, expected, lambda: self.service.approve(document_id, actor, at=self.now)
            )
            self.check_error(error, doc, actor)
            return
        principal, step = self.principal(doc, actor), doc.current
        self.service.approve(document_id, actor, at=self.now)
        doc.approvals[step][principal] = actor
        if len(doc.approvals[step]) >= doc.required(step):
            if step + 1 == len(doc.specs):
                doc.status, doc.due = ApprovalStatus.APPROVED, None
                event("approved")
            else:
                doc.begin(step + 1, self.due(doc.specs[step + 1], self.now))
        event("approval as a delegate" if principal != actor else "approval in person")
        self.collect()

    def check_error(self, error: Exception, doc: Doc, actor: ActorId) -> None:
        """The refusal names the rule broken, with the right people and steps."""
        if isinstance(error, SelfApprovalForbidden):
            assert (error.actor, error.requester) == (actor, doc.document.requester)
        elif isinstance(error, NotAnApprover):
            assert (error.actor, error.step) == (actor, doc.current)
        elif isinstance(error, DuplicateApprover):
            hands = {actor, self.principal(doc, actor)}
            first = next(
                i
                for i, step in enumerate(doc.approvals)
                if any(hands & {p, a} for p, a in step.items())
            )
            assert (error.step, error.previous_step) == (doc.current, first)
            assert error.person in hands
            event("refused: a second step" if first != doc.current else "refused: same step twice")

    @rule(
        data=st.data(),
        decision=st.sampled_from(["return", "reject"]),
        reason=st.sampled_from(REASONS),
    )
    def reject_or_return(self, data: st.DataObject, decision: str, reason: str) -> None:
        if not self.docs:
            return
        send_back = decision == "return"
        doc = self.pick(data, PENDING)
        actor = self.awkward_actor(data, doc)
        document_id = doc.document.id
        command = self.service.return_for_changes if send_back else self.service.reject

        def call() -> object:
            return command(document_id, actor, reason=reason, at=self.now)

        expected = ReasonRequired if not reason.strip() else self.refusal(doc, actor, False)
        if expected is not None:
            self.check_error(self.refused(document_id, expected, call), doc, actor)
            return
        call()
        doc.status = ApprovalStatus.RETURNED if send_back else ApprovalStatus.REJECTED
        doc.returned_step, doc.due = doc.current, None
        event(f"{doc.status.value} at step {doc.current + 1}")
        self.collect()

    @rule(data=st.data(), same_amount=st.booleans())
    def resubmit(self, data: st.DataObject, same_amount: bool) -> None:
        if not self.docs:
            return
        doc = self.pick(data, ApprovalStatus.RETURNED)
        amount = doc.document.amount
        if not same_amount:
            amount = Money(data.draw(st.sampled_from(AMOUNTS), label="revised amount"), "CNY")
        revised = attrs.evolve(doc.document, amount=amount)
        specs = self.policy.chain_for(revised).steps
        staffed = self.staff(specs, revised)
        expected = (
            InvalidTransition
            if doc.status is not ApprovalStatus.RETURNED
            else NoEligibleApprover
            if staffed is None
            else None
        )
        if expected is not None:
            self.refused(revised.id, expected, lambda: self.service.resubmit(revised, at=self.now))
            return
        assert staffed is not None
        back = doc.returned_step
        unchanged = len(specs) > back and specs[:back] == doc.specs[:back]
        cheaper = revised.amount <= doc.document.amount
        keeps = self.policy.restart is RestartRule.FROM_RETURNING_STEP and unchanged and cheaper
        restart = back if keeps else 0
        request = self.service.resubmit(revised, at=self.now)
        assert request.current == restart
        doc.document, doc.specs, doc.approvers = revised, specs, staffed
        doc.round += 1
        doc.status = PENDING
        doc.begin(restart, self.due(specs[restart], self.now))
        event(f"resubmitted, restarting at step {restart + 1}")
        self.collect()

    @rule(data=st.data(), by_requester=st.booleans())
    def withdraw(self, data: st.DataObject, by_requester: bool) -> None:
        if not self.docs:
            return
        doc = self.pick(data)
        actor = doc.document.requester if by_requester else data.draw(st.sampled_from(PEOPLE))
        document_id = doc.document.id

        def call() -> object:
            return self.service.withdraw(document_id, actor, at=self.now)

        if actor != doc.document.requester:
            self.refused(document_id, NotTheRequester, call)
            return
        if doc.status not in (PENDING, ApprovalStatus.RETURNED):
            self.refused(document_id, InvalidTransition, call)
            return
        call()
        doc.status, doc.due = ApprovalStatus.WITHDRAWN, None
        self.collect()

    @rule(
        principal=st.sampled_from(PEOPLE),
        delegate=st.sampled_from(PEOPLE),
        later=st.sampled_from([0, 0, 0, 5]),
        hours=st.integers(1, 72),
    )
    def delegate(self, principal: ActorId, delegate: ActorId, later: int, hours: int) -> None:
        if principal == delegate:
            return
        starts = self.now + timedelta(hours=later)
        ends = starts + timedelta(hours=hours)
        self.directory.delegate(
            DelegationId(f"DLG-{len(self.delegations) + 1}"),
            principal=principal,
            delegate=delegate,
            starts=starts,
            ends=ends,
            reason="annual leave",
            actor=principal,
            at=self.now,
        )
        self.delegations.append((delegate, principal, starts, ends))

    @rule(minutes=st.integers(1, 3 * 24 * 60))
    def time_passes(self, minutes: int) -> None:
        """Time moves on and the scheduler escalates the steps now overdue."""
        self.now += timedelta(minutes=minutes)
        expected = []
        for document_id, doc in self.docs.items():
            spec = doc.specs[doc.current]
            overdue = doc.due is not None and self.now >= doc.due and not doc.escalated
            if doc.status is not PENDING or spec.escalate_to is None or not overdue:
                continue
            added = self.holders(spec.escalate_to, doc.document.department)
            added -= {doc.document.requester}
            if not added:
                continue  # nobody to escalate to: the step waits for its own approvers
            doc.eligible[doc.current] = doc.eligible[doc.current] | added
            doc.escalated, doc.due = True, None
            expected.append(document_id)
        assert self.service.escalate_overdue(at=self.now) == expected
        if expected:
            event("escalated")
        self.collect()

    # -- invariants ----------------------------------------------------------------------------

    @invariant()
    def requests_are_the_models(self) -> None:
        for document_id, doc in self.docs.items():
            request = self.service.request(document_id)
            assert (request.status, request.current, request.round) == (
                doc.status,
                doc.current,
                doc.round,
            )
            assert request.document == doc.document
            assert request.due == doc.due
            assert [step.approvers for step in request.steps] == doc.approvers
            for step, given in enumerate(doc.approvals):
                assert {d.principal: d.actor for d in request.approvals(step)} == given
                assert request.eligible(step) == doc.eligible[step]

    @invariant()
    def no_self_approval_and_no_double_step_ever_passed(self) -> None:
        for document_id in self.docs:
            request = self.service.request(document_id)
            requester = request.document.requester
            assert all(requester not in decision.persons for decision in request.history)
            hands = [
                person
                for step in range(len(request.steps))
                for decision in request.approvals(step)
                for person in decision.persons
            ]
            assert len(hands) == len(set(hands)), f"a person approved twice: {hands}"

    @invariant()
    def approved_only_when_every_step_has_its_quorum(self) -> None:
        for document_id, doc in self.docs.items():
            request = self.service.request(document_id)
            complete = [request.is_step_complete(s) for s in range(len(request.steps))]
            for step, given in enumerate(doc.approvals):
                assert complete[step] == (len(given) >= doc.required(step))
            if request.status is ApprovalStatus.APPROVED:
                assert all(complete)
                assert request.final_approver is not None
            else:
                assert request.final_approver is None
            if request.status is PENDING:
                assert all(complete[: request.current])
                assert not complete[request.current]

    @invariant()
    def the_events_rebuild_the_state(self) -> None:
        assert set(self.projections) == set(self.docs)
        for document_id, p in self.projections.items():
            request = self.service.request(document_id)
            assert (p.status, p.current, p.round, p.due, p.version) == (
                request.status,
                request.current,
                request.round,
                request.due,
                request.version,
            )
            assert p.approvers == [step.approvers for step in request.steps]
            for step, given in enumerate(p.approvals):
                assert {d.principal: d.actor for d in request.approvals(step)} == given
                assert request.eligible(step) == p.eligible[step]

    @invariant()
    def a_service_restored_from_the_saved_events_is_the_running_one(self) -> None:
        if not hasattr(self, "service"):
            return
        restored = ApprovalService.restore(
            self.history, policy=self.policy, directory=self.directory
        )
        assert approval_service_state(restored) == approval_service_state(self.service)


TestApprovalMachine = ApprovalMachine.TestCase
