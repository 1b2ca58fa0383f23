"""An asset driven by random actions, legal or not, beside a tiny model of its lifecycle.

The model is the lifecycle table written out by hand; after every step the asset's state,
version and meter usage must match the model, a refused action must have changed nothing, and
replaying the events collected so far must rebuild an equal asset.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from backoffice.domain.assets import (
    Asset,
    AssetParticulars,
    AssetState,
    Custody,
    MeterReadingWentBack,
)
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import RequestLocation
from backoffice.errors import InvalidTransition
from backoffice.values import ActorId, AssetId, DepartmentId, Money

S = AssetState
CLERK = ActorId("clerk")
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)

LIVE = (S.PLANNED, S.IN_SERVICE, S.UNDER_REPAIR, S.OUT_OF_SERVICE)
#: The lifecycle, written independently of ASSET_TRANSITIONS.
MODEL: dict[str, dict[AssetState, AssetState]] = {
    "commission": {S.PLANNED: S.IN_SERVICE},
    "start_repair": {S.IN_SERVICE: S.UNDER_REPAIR},
    "complete_repair": {S.UNDER_REPAIR: S.IN_SERVICE},
    "take_out": {S.IN_SERVICE: S.OUT_OF_SERVICE, S.UNDER_REPAIR: S.OUT_OF_SERVICE},
    "return": {S.OUT_OF_SERVICE: S.IN_SERVICE},
    "dispose": dict.fromkeys(LIVE, S.DISPOSED),
}


class AssetLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.asset = Asset.register(
            AssetId("AST-000001"),
            particulars=AssetParticulars(
                name="Van",
                category="vehicle",
                location=RequestLocation("HQ"),
                custody=Custody(DepartmentId("DEP-OPS")),
                criticality="medium",
                cost=Money("120000.00", "CNY"),
                acquired_on=date(2025, 1, 1),
                useful_life_months=60,
                residual_value=Money("6000.00", "CNY"),
                meters=("km",),
            ),
            actor=CLERK,
            at=T0,
        )
        self.state = S.PLANNED
        self.version = 1
        self.km = Decimal(0)
        self.usage = Decimal(0)
        self.read_before = False
        self.at = T0
        self.history: list[DomainEvent] = self.asset.collect_events()

    def _step(self, name: str) -> None:
        self.at += timedelta(hours=5)
        target = MODEL[name].get(self.state)
        actions: dict[str, Callable[[], None]] = {
            "commission": lambda: self.asset.commission(
                actor=CLERK, at=self.at, in_service_on=self.at.date()
            ),
            "start_repair": lambda: self.asset.start_repair(actor=CLERK, at=self.at, reason="x"),
            "complete_repair": lambda: self.asset.complete_repair(actor=CLERK, at=self.at),
            "take_out": lambda: self.asset.take_out_of_service(actor=CLERK, at=self.at, reason="x"),
            "return": lambda: self.asset.return_to_service(actor=CLERK, at=self.at),
            "dispose": lambda: self.asset.dispose(
                actor=CLERK, at=self.at, kind="scrapped", disposed_on=self.at.date(), reason="x"
            ),
        }
        action = actions[name]
        if target is None:
            try:
                action()
            except InvalidTransition:
                return
            raise AssertionError(f"{name} from {self.state} was allowed")
        action()
        self.state, self.version = target, self.version + 1

    @rule(name=st.sampled_from(sorted(MODEL)))
    def act(self, name: str) -> None:
        self._step(name)

    @rule(step=st.integers(-300, 3000), replacement=st.booleans())
    def read_km(self, step: int, replacement: bool) -> None:
        self.at += timedelta(hours=1)
        reading = max(self.km + step, Decimal(0))
        allowed = self.state is not S.DISPOSED and (reading >= self.km or replacement)
        try:
            self.asset.record_reading(
                actor=CLERK, at=self.at, meter="km", reading=reading, replacement=replacement
            )
        except (InvalidTransition, MeterReadingWentBack):
            assert not allowed
            return
        assert allowed
        if self.read_before and not replacement:
            self.usage += reading - self.km
        self.km, self.version, self.read_before = reading, self.version + 1, True

    @invariant()
    def matches_the_model(self) -> None:
        assert self.asset.state is self.state
        assert self.asset.version == self.version

    @invariant()
    def usage_never_goes_down_and_replays(self) -> None:
        self.history.extend(self.asset.collect_events())
        usages = [r.usage for r in self.asset.readings("km")]
        assert usages == sorted(usages)
        assert self.asset.usage("km") == self.usage
        assert Asset.replay(self.history) == self.asset


TestAssetLifecycle = AssetLifecycle.TestCase
