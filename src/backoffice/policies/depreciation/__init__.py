"""Depreciation (折旧), exact to the cent: methods, schedules, prospective changes, disposal.

Pick a :class:`DepreciationPolicy` (straight line, declining balance, double declining with a
switch to straight line, units of production, none), give a :class:`DepreciationBasis` (cost,
residual value, first day of service, useful life), and :func:`depreciation_schedule` lays the
charges out period by period in ``Decimal`` money: they sum exactly to cost minus residual
value, rounding drift goes to the last period, part months count by days (see
:mod:`backoffice.policies.depreciation.periods`).
"""

from __future__ import annotations

from backoffice.policies.depreciation.changes import (
    DepreciationChange,
    Impairment,
    MethodChange,
    ResidualValueChange,
    Revaluation,
    UsefulLifeChange,
)
from backoffice.policies.depreciation.methods import (
    DEPRECIATION_METHODS,
    DecliningBalance,
    DepreciationPolicy,
    DoubleDecliningBalance,
    NoDepreciation,
    PeriodSituation,
    StraightLine,
    UnitsOfProduction,
    depreciation_policy_from_dict,
)
from backoffice.policies.depreciation.of_assets import (
    asset_depreciation,
    basis_of,
    disposal_of,
    meter_usage,
)
from backoffice.policies.depreciation.periods import ProRata, month_units
from backoffice.policies.depreciation.schedule import (
    DepreciationBasis,
    DepreciationSchedule,
    DisposalOutcome,
    ScheduleLine,
    UsageBetween,
    depreciation_schedule,
)

__all__ = [
    "DEPRECIATION_METHODS",
    "DecliningBalance",
    "DepreciationBasis",
    "DepreciationChange",
    "DepreciationPolicy",
    "DepreciationSchedule",
    "DisposalOutcome",
    "DoubleDecliningBalance",
    "Impairment",
    "MethodChange",
    "NoDepreciation",
    "PeriodSituation",
    "ProRata",
    "ResidualValueChange",
    "Revaluation",
    "ScheduleLine",
    "StraightLine",
    "UnitsOfProduction",
    "UsageBetween",
    "UsefulLifeChange",
    "asset_depreciation",
    "basis_of",
    "depreciation_policy_from_dict",
    "depreciation_schedule",
    "disposal_of",
    "meter_usage",
    "month_units",
]
