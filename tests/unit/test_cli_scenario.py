"""The scenario command line end to end: example, run, --csv, --json, --charts, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from backoffice.cli import main
from backoffice.scenarios import EXAMPLE_SCENARIO, Scenario

SMALL = """
[scenario]
name = "cli"
seeds = 2
[workload]
days = 4
per_day = 10
[variants.urgent_3h]
sla.urgent.resolution = "3h"
"""


def test_the_example_is_the_seed_policy_against_two_variants(tmp_path: Path) -> None:
    target = tmp_path / "example.toml"
    assert main(["scenario", "example", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == EXAMPLE_SCENARIO
    scenario = Scenario.from_toml(EXAMPLE_SCENARIO)
    assert scenario.variant_names == ("baseline", "urgent_3h", "one_more_technician")


def test_a_run_prints_the_table_and_writes_csv_json_and_charts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "small.toml"
    scenario.write_text(SMALL, encoding="utf-8")
    out_csv, out_json, charts = tmp_path / "r.csv", tmp_path / "r.json", tmp_path / "charts"
    argv = ["scenario", "run", str(scenario), "--executor", "serial", "--csv", str(out_csv),
            "--json", str(out_json), "--charts", str(charts)]  # fmt: skip
    assert main(argv) == 0
    shown = capsys.readouterr().out
    assert "resolution on time" in shown
    assert "Δ urgent_3h" in shown
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert {r["variant"] for r in rows} == {"baseline", "urgent_3h"}
    assert {r["seed"] for r in rows} == {"1", "2"}
    result = json.loads(out_json.read_text(encoding="utf-8"))
    assert result["baseline"] == "baseline"
    on_time = result["figures"]["resolution_on_time"]["variants"]["urgent_3h"]
    assert on_time["seeds"] == 2
    assert "difference" in on_time
    for name in ("on-time.png", "response-time.png"):
        assert (charts / name).read_bytes().startswith(b"\x89PNG")
    assert main([*argv, "--format", "svg"]) == 0
    assert b"<svg" in (charts / "on-time.svg").read_bytes()[:500]


def test_a_mistake_in_the_file_is_reported_with_its_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "bad.toml"
    scenario.write_text('[variants.v]\nsla.urgent.resolution = "soon"\n', encoding="utf-8")
    assert main(["scenario", "run", str(scenario)]) == 2
    assert "variants.v.sla.urgent.resolution" in capsys.readouterr().err


def test_a_recorded_history_is_rejudged_from_a_csv_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "history.csv").write_text(
        "request_id,category,tier,site,description,submitted_at,accepted_at,work_started_at,"
        "resolved_at,closed_at,rating,pauses\n"
        "R1,repair,urgent,HQ,Water leak,2025-06-03T09:00:00+08:00,2025-06-03T09:10:00+08:00,"
        "2025-06-03T09:40:00+08:00,2025-06-03T12:40:00+08:00,2025-06-03T13:00:00+08:00,5,\n",
        encoding="utf-8",
    )
    (tmp_path / "s.toml").write_text(
        '[scenario]\nkind = "rejudge"\n[history]\npath = "history.csv"\n'
        '[variants.urgent_3h]\nsla.urgent.resolution = "3h"\n',
        encoding="utf-8",
    )
    assert (
        main(["scenario", "run", str(tmp_path / "s.toml"), "--json", str(tmp_path / "o.json")]) == 0
    )
    figures = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["figures"]
    on_time = figures["resolution_on_time"]["variants"]
    assert on_time["baseline"]["mean"] == "100.00"  # 3 h 30 min within 4 h
    assert on_time["urgent_3h"]["mean"] == "0.00"  # but not within 3 h
    assert capsys.readouterr().out
