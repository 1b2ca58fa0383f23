"""The asset register service (资产管理): where assets are registered, looked up and changed.

:class:`AssetRegister` keeps the assets, mints their ids through an injected ``IdGenerator``
(only once the particulars are checked, so a refused registration consumes no id), hands the
events of every change over through :meth:`AssetRegister.collect_events`, and is rebuilt from
those events with :meth:`AssetRegister.restore`. Its :meth:`AssetRegister.criticality_of` is
the service desk's ``asset_register`` hook::

    register = AssetRegister()
    desk = ServiceDesk(sla_policy, asset_register=register.criticality_of)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

import attrs

from backoffice.domain.assets import Asset, AssetNotFound, AssetParticulars
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import Criticality
from backoffice.errors import ValidationError
from backoffice.values import ActorId, AssetId, IdGenerator, SequentialIds, inputs

__all__ = ["AssetRegister"]


@attrs.define
class AssetRegister:
    """The register of fixed assets (固定资产台账).

    Attributes:
        ids: Mints asset ids.
    """

    ids: IdGenerator = attrs.field(factory=SequentialIds)
    _assets: dict[AssetId, Asset] = attrs.field(factory=dict, init=False)
    _outbox: list[DomainEvent] = attrs.field(factory=list, init=False)

    @classmethod
    def restore(
        cls, events: Iterable[DomainEvent], *, ids: IdGenerator | None = None
    ) -> AssetRegister:
        """A register rebuilt from the events of its assets (other events are ignored).

        Each asset's events must be in order; assets may be interleaved. New ids continue
        after those already issued: an id the generator gives again is skipped.

        Raises:
            ValidationError: An asset's history is incomplete or out of order.
        """
        register = cls(ids=ids if ids is not None else SequentialIds())
        histories: dict[str, list[DomainEvent]] = {}
        for event in events:
            if event.__class__.__module__ == "backoffice.domain.assets.events":
                histories.setdefault(event.aggregate_id, []).append(event)
        for key, history in histories.items():
            register._assets[AssetId(key)] = Asset.replay(history)
        return register

    def register(
        self, particulars: AssetParticulars, *, actor: ActorId | str, at: datetime
    ) -> Asset:
        """Enter a planned asset with ``particulars``; its id is minted here.

        Raises:
            ValidationError: ``particulars`` is not an :class:`AssetParticulars`, the actor or
                the instant is malformed (no id is consumed).
        """
        if not isinstance(particulars, AssetParticulars):
            raise ValidationError("particulars must be AssetParticulars", field="particulars")
        who, when = inputs.actor(actor), inputs.instant(at)
        asset_id = self._new_id()
        asset = Asset.register(asset_id, particulars=particulars, actor=who, at=when)
        self._assets[asset_id] = asset
        self._outbox.extend(asset.collect_events())
        return asset

    def get(self, asset_id: AssetId | str) -> Asset:
        """The asset with ``asset_id``.

        Raises:
            AssetNotFound: No such asset.
            ValidationError: ``asset_id`` is neither an ``AssetId`` nor its text.
        """
        key = inputs.entity_id(asset_id, AssetId, "asset_id")
        try:
            return self._assets[key]
        except KeyError:
            raise AssetNotFound(key) from None

    def criticality_of(self, asset_id: AssetId) -> Criticality | None:
        """How critical the asset is, or ``None`` if it is not in the register.

        This is the service desk's ``asset_register`` hook.
        """
        asset = self._assets.get(asset_id)
        return None if asset is None else asset.criticality

    @contextmanager
    def working_on(self, asset_id: AssetId | str) -> Iterator[Asset]:
        """Take any step on an asset; afterwards its events are collected into the register.

        Example::

            with register.working_on(asset_id) as asset:
                asset.commission(actor=clerk, at=t, in_service_on=t.date())
        """
        asset = self.get(asset_id)
        try:
            yield asset
        finally:
            self._outbox.extend(asset.collect_events())

    def collect_events(self) -> list[DomainEvent]:
        """Hand over every event recorded through the register since the last call, in order."""
        events, self._outbox = self._outbox, []
        return events

    def __iter__(self) -> Iterator[Asset]:
        return iter(self._assets.values())

    def __len__(self) -> int:
        return len(self._assets)

    def __contains__(self, asset_id: object) -> bool:
        return asset_id in self._assets

    def _new_id(self) -> AssetId:
        while True:
            asset_id = self.ids.new(AssetId)
            if asset_id not in self._assets:
                return asset_id
