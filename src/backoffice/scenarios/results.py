"""A scenario's result: the figures of every variant side by side, with the difference.

Each run (one variant over one seed's workload, or over the recorded history) gives one value
per figure (:mod:`~backoffice.scenarios.kpis`). The result puts them together: for each figure
and variant the mean over the seeds with its 95 % interval, and the difference to the
baseline, paired seed by seed (both saw the same workload, so the difference is the
policies'), with its own interval. It renders as a plain-text table, CSV rows or a
JSON-ready dict; the command line adds colour (``rich``) and charts (``matplotlib``).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from backoffice.scenarios.kpis import SCENARIO_KPIS, Kpi
from backoffice.scenarios.stats import Estimate, t_interval

__all__ = ["ScenarioResult", "VariantRun"]

_CENT: Final = Decimal("0.01")


@attrs.frozen(kw_only=True)
class VariantRun:
    """One variant over one seed: its figures and its response times.

    Attributes:
        variant: The variant's name.
        seed: The seed of the workload (0 for a re-judge).
        figures: Figure key -> value (``None`` if nothing to measure).
        response_minutes: Working minutes to respond, per responded request (for charts).
    """

    variant: str
    seed: int
    figures: Mapping[str, Decimal | None]
    response_minutes: tuple[int, ...] = ()


def _shown(value: Decimal | None) -> str:
    return "-" if value is None else str(value.quantize(_CENT))


@attrs.frozen(kw_only=True)
class ScenarioResult:
    """The figures of every variant, with differences to the baseline.

    Attributes:
        scenario: The scenario's name.
        kind: ``"simulate"`` or ``"rejudge"``.
        variants: The variants' names, the baseline first.
        seeds: The seeds (``(0,)`` for a re-judge).
        runs: One run per variant and seed, in (variant, seed) order.
    """

    scenario: str
    kind: str
    variants: tuple[str, ...]
    seeds: tuple[int, ...]
    runs: tuple[VariantRun, ...]

    @property
    def baseline(self) -> str:
        """The baseline variant's name."""
        return self.variants[0]

    def values(self, variant: str, key: str) -> list[Decimal]:
        """The measured values of ``key`` for ``variant``, one per seed."""
        found = (r.figures.get(key) for r in self.runs if r.variant == variant)
        return [v for v in found if v is not None]

    def estimate(self, variant: str, key: str) -> Estimate | None:
        """Mean over the seeds and 95 % interval (``None`` if never measured)."""
        values = self.values(variant, key)
        return t_interval(values) if values else None

    def difference(self, variant: str, key: str) -> Estimate | None:
        """``variant`` minus the baseline, paired seed by seed, with its 95 % interval."""
        mine = {r.seed: r.figures.get(key) for r in self.runs if r.variant == variant}
        base = {r.seed: r.figures.get(key) for r in self.runs if r.variant == self.baseline}
        pairs = [
            m - b for seed, m in mine.items() if m is not None and (b := base.get(seed)) is not None
        ]
        return t_interval(pairs) if pairs else None

    def kpis(self) -> tuple[Kpi, ...]:
        """The figures measured in at least one run, in table order."""
        return tuple(
            k for k in SCENARIO_KPIS if any(r.figures.get(k.key) is not None for r in self.runs)
        )

    def response_minutes(self, variant: str) -> list[int]:
        """Every run's working minutes to respond for ``variant``, pooled."""
        return [m for r in self.runs if r.variant == variant for m in r.response_minutes]

    # -- renderings ---------------------------------------------------------------------------

    def cell(self, variant: str, key: str) -> str:
        """``"91.25"`` or ``"91.25 ± 1.30"`` over several seeds."""
        estimate = self.estimate(variant, key)
        if estimate is None:
            return "-"
        half = estimate.half_width
        return _shown(estimate.mean) + ("" if half is None else f" ± {_shown(half)}")

    def difference_cell(self, variant: str, key: str) -> str:
        """``"+3.10"`` or ``"+3.10 ± 0.90"``: the variant minus the baseline."""
        estimate = self.difference(variant, key)
        if estimate is None:
            return "-"
        sign = "+" if estimate.mean >= 0 else ""
        half = estimate.half_width
        return sign + _shown(estimate.mean) + ("" if half is None else f" ± {_shown(half)}")

    def header(self) -> list[str]:
        """The table's column titles."""
        titles = ["figure", "unit", self.baseline]
        for variant in self.variants[1:]:
            titles += [variant, f"Δ {variant}"]
        return titles

    def rows(self) -> list[list[str]]:
        """The table's rows, as text cells."""
        rows = []
        for kpi in self.kpis():
            row = [kpi.label, kpi.unit, self.cell(self.baseline, kpi.key)]
            for variant in self.variants[1:]:
                row += [self.cell(variant, kpi.key), self.difference_cell(variant, kpi.key)]
            rows.append(row)
        return rows

    def text(self) -> str:
        """The table as aligned plain text (Chinese characters count two columns)."""
        table = [self.header(), *self.rows()]
        widths = [max(_width(row[i]) for row in table) for i in range(len(table[0]))]
        lines = []
        for number, row in enumerate(table):
            cells = [
                cell + " " * (width - _width(cell)) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  ".join(cells).rstrip())
            if number == 0:
                lines.append("  ".join("-" * w for w in widths))
        seeds = len(self.seeds)
        note = f"{self.scenario}: {self.kind}, {seeds} seed{'s' if seeds > 1 else ''}"
        if seeds > 1:
            note += "; mean ± half-width of the 95 % t-interval, Δ paired by seed"
        return "\n".join([note, *lines])

    def csv(self) -> str:
        """One line per variant, seed and figure: ``variant,seed,figure,unit,value``."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["variant", "seed", "figure", "unit", "value"])
        for run in self.runs:
            for kpi in self.kpis():
                value = run.figures.get(kpi.key)
                writer.writerow([run.variant, run.seed, kpi.key, kpi.unit, _raw(value)])
        return out.getvalue()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: per figure and variant the mean, interval and difference."""
        figures: dict[str, Any] = {}
        for kpi in self.kpis():
            by_variant: dict[str, Any] = {}
            for variant in self.variants:
                entry = _estimate_dict(self.estimate(variant, kpi.key))
                if variant != self.baseline:
                    entry["difference"] = _estimate_dict(self.difference(variant, kpi.key))
                by_variant[variant] = entry
            figures[kpi.key] = {
                "label": kpi.label,
                "unit": kpi.unit,
                "better": kpi.better,
                "variants": by_variant,
            }
        return {
            "scenario": self.scenario,
            "kind": self.kind,
            "baseline": self.baseline,
            "variants": list(self.variants),
            "seeds": list(self.seeds),
            "figures": figures,
            "runs": [
                {
                    "variant": r.variant,
                    "seed": r.seed,
                    "figures": {k: _raw(v) for k, v in r.figures.items()},
                }
                for r in self.runs
            ],
        }


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _raw(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _estimate_dict(estimate: Estimate | None) -> dict[str, Any]:
    if estimate is None:
        return {"mean": None, "low": None, "high": None, "seeds": 0}
    return {
        "mean": _raw(estimate.mean.quantize(_CENT)),
        "low": None if estimate.low is None else _raw(estimate.low.quantize(_CENT)),
        "high": None if estimate.high is None else _raw(estimate.high.quantize(_CENT)),
        "seeds": estimate.count,
    }


def merged_runs(runs: Sequence[VariantRun], variants: Sequence[str]) -> tuple[VariantRun, ...]:
    """``runs`` in (variant as listed, seed) order."""
    order = {name: i for i, name in enumerate(variants)}
    return tuple(sorted(runs, key=lambda r: (order[r.variant], r.seed)))
