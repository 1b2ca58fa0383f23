"""Charts of a scenario's result, where a person would rather look than read (matplotlib).

Two charts: the on-time rates (response and resolution) per variant as bars with their 95 %
intervals, and the distribution of working time to respond per variant as box plots. They are
built as ``matplotlib`` figures (the ``charts`` extra) and saved by the caller; nothing here
writes a file.
"""

from __future__ import annotations

from typing import Any

from backoffice.scenarios.results import ScenarioResult

__all__ = ["on_time_chart", "response_time_chart"]


def _figure() -> Any:
    import matplotlib  # noqa: PLC0415 (an optional extra)

    matplotlib.use("Agg")  # draw to files, never to a screen
    from matplotlib.figure import Figure  # noqa: PLC0415

    return Figure(figsize=(8, 4.5), layout="constrained")


def on_time_chart(result: ScenarioResult) -> Any:
    """Bars: response and resolution on time (%) per variant, with 95 % intervals."""
    figure = _figure()
    axes = figure.subplots()
    width = 0.38
    for offset, (key, label) in enumerate(
        (("response_on_time", "response"), ("resolution_on_time", "resolution"))
    ):
        means, errors = [], []
        for variant in result.variants:
            estimate = result.estimate(variant, key)
            means.append(0.0 if estimate is None else float(estimate.mean))
            half = None if estimate is None else estimate.half_width
            errors.append(0.0 if half is None else float(half))
        positions = [i + (offset - 0.5) * width for i in range(len(result.variants))]
        axes.bar(positions, means, width, yerr=errors, capsize=4, label=label)
    axes.set_xticks(range(len(result.variants)), result.variants)
    axes.set_ylabel("on time (%)")
    axes.set_ylim(0, 100)
    axes.axhline(90, color="grey", linestyle="--", linewidth=1, label="target 90 %")
    axes.set_title(f"{result.scenario}: on-time rate per variant")
    axes.legend(loc="lower right")
    return figure


def response_time_chart(result: ScenarioResult) -> Any:
    """Box plots: working hours to respond per variant (all seeds pooled)."""
    figure = _figure()
    axes = figure.subplots()
    samples = [[m / 60 for m in result.response_minutes(v)] or [0.0] for v in result.variants]
    axes.boxplot(samples, showfliers=False)
    axes.set_xticks(range(1, len(result.variants) + 1), result.variants)
    axes.set_ylabel("working hours to respond")
    axes.set_title(f"{result.scenario}: response time per variant")
    return figure
