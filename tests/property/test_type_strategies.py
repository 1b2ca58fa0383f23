"""The value types are registered with hypothesis through the package's entry point."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from backoffice import AssetId, Money, Percent, Period, Quantity, RequestId
from backoffice.domain.budgets import BudgetId
from backoffice.domain.inventory.ids import LocationId
from backoffice.values import EntityId

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _hook_from_pyproject() -> object:
    entry = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["entry-points"]
    module, _, name = entry["hypothesis"]["backoffice"].partition(":")
    return getattr(importlib.import_module(module), name)


# What hypothesis does on import for an installed package: load the entry point and call it.
_hook = _hook_from_pyproject()
assert callable(_hook)
_hook()


@given(st.from_type(Money), st.from_type(Quantity), st.from_type(Percent), st.from_type(Period))
def test_from_type_draws_valid_values(
    amount: Money, quantity: Quantity, percent: Percent, period: Period
) -> None:
    assert isinstance(amount, Money)
    assert amount == amount.rounded()  # drawn to the currency's minor unit
    assert isinstance(quantity, Quantity)
    assert isinstance(percent, Percent)
    assert period.start <= period.end


@given(
    st.from_type(RequestId),
    st.from_type(AssetId),
    st.from_type(LocationId),
    st.from_type(BudgetId),
    st.from_type(EntityId),
)
def test_every_id_type_of_the_package_is_drawn_with_its_own_prefix(
    request_id: RequestId,
    asset: AssetId,
    location: LocationId,
    budget: BudgetId,
    plain: EntityId,
) -> None:
    for value, kind in [
        (request_id, RequestId),
        (asset, AssetId),
        (location, LocationId),
        (budget, BudgetId),
    ]:
        assert type(value) is kind
        assert str(value).startswith(f"{kind.prefix}-")
    assert isinstance(plain, EntityId)
