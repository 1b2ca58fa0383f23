"""Done when: an office saved to SQLite and restored anywhere runs on exactly as if never stopped.

The same random sequence of commands across the service desk, the storeroom, approvals and
budgets runs twice: once without interruption, once saved to a SQLite file at a random point
and continued in a fresh office restored from that file. The event streams and every report
are identical.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.adapters.sqlite import SqliteEventStore
from backoffice.clock import ManualClock
from backoffice.domain.approvals import DocumentId
from backoffice.domain.budgets.reports import Grouping, variance_by
from backoffice.errors import NotFound
from backoffice.services.office import Office
from backoffice.testing.office import (
    OPENED,
    OfficeCommand,
    apply_command,
    office_calendars,
    office_commands,
    open_seed_office,
    seed_directory,
    seed_office_rules,
)

_files = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("office-restore")


def reports(office: Office, at: datetime) -> dict[str, Any]:
    """Everything an office reports: requests and their SLAs, stock, requisitions, budgets."""
    desk, stock = office.desk, office.inventory
    requests = sorted(desk.requests, key=lambda r: str(r.id))
    requisitions = stock.requisitions()
    approvals = []
    for requisition in requisitions:
        try:
            request = office.approvals.request(DocumentId(requisition.id.value))
        except NotFound:
            continue
        approvals.append((str(request.id), request.status, request.current))
    return {
        "requests": [(str(r.id), r.state, r.tier, r.sla(max(at, r.changed_at))) for r in requests],
        "stock": [
            (item.sku, stock.on_hand(item.sku), stock.reserved(item.sku), stock.value(item.sku))
            for item in stock.items()
        ],
        "lots": stock.lots(),
        "requisitions": [(str(r.id), r.status, r.outstanding()) for r in requisitions],
        "approvals": approvals,
        "budgets": [
            variance_by(office.budgets.budget_for(OPENED.date()), Grouping.LINE),
            office.budgets.budget_for(OPENED.date()).open_commitments(),
        ],
        "invariants": stock.check_invariants(),
    }


@given(
    commands=st.lists(office_commands(), min_size=1, max_size=24),
    cut=st.integers(0, 24),
)
def test_an_office_restored_from_sqlite_at_any_point_runs_on_identically(
    folder: Path, commands: list[OfficeCommand], cut: int
) -> None:
    straight = open_seed_office(ManualClock(OPENED))
    for command in commands:
        apply_command(straight, command)

    first = open_seed_office(ManualClock(OPENED))
    cut = min(cut, len(commands))
    for command in commands[:cut]:
        apply_command(first, command)
    path = folder / f"office-{next(_files)}.db"
    with SqliteEventStore.open(path, durable=False) as store:
        first.save(store)
    stopped_at = first.clock.now()
    del first  # the process ends: only the file remains

    calendars = office_calendars()
    with SqliteEventStore.open(path, durable=False) as store:
        resumed = Office.restore(
            store,
            seed_office_rules(calendars),
            clock=ManualClock(stopped_at),
            calendars=calendars,
            directory=seed_directory(),
        )
        for command in commands[cut:]:
            apply_command(resumed, command)
        resumed.save(store)
        stored = [record.event for record in store.read_all()]

    assert resumed.events() == straight.events()
    assert stored == straight.events()
    now = straight.clock.now()
    assert reports(resumed, now) == reports(straight, now)


def test_the_requisition_flow_runs_through_the_office(tmp_path: Path) -> None:
    # One fixed walk, so a failure here reads more easily than a shrunk random sequence.
    office = open_seed_office(ManualClock(OPENED))
    walk = [
        OfficeCommand("requisition", pick=2, amount=3, minutes=60),  # 3 toners, 1,140: two steps
        OfficeCommand("approve", pick=0, amount=0, minutes=30),  # wang, R&D head
        OfficeCommand("approve", pick=0, amount=2, minutes=30),  # liu, logistics
        OfficeCommand("fulfil", pick=0, minutes=30),
    ]
    assert [apply_command(office, command) for command in walk] == [True] * 4
    names = [event.name for event in office.events()]
    assert names[-1] == "ActualRecorded" or "Actual" in names[-1]
    path = tmp_path / "office.db"
    with SqliteEventStore.open(path) as store:
        office.save(store)
        assert store.position == len(office.events())
