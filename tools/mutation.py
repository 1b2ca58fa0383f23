r"""Mutation testing of backoffice's pure layers with mutmut, run on purpose (not in CI).

Usage (from the repository root, with the ``dev`` extra installed)::

    python tools/mutation.py                                   # values/, domain/, policies/
    python tools/mutation.py src/backoffice/values/money.py    # one file (or a few, or a dir)
    python tools/mutation.py src/backoffice/values/money.py \\
        --tests tests/unit/test_money.py tests/unit/test_values.py   # only these tests
    python tools/mutation.py --report-only src/backoffice/values/money.py

``[tool.mutmut]`` in pyproject.toml is the configuration (what may be mutated, which tests
run); ``mutmut run`` at the root uses it as is. This script narrows it to the paths (and
tests) given: it writes a copy of pyproject.toml with ``only_mutate`` (and the test selection)
narrowed into a work directory under ``mutants/`` (ignored by git) that links ``src/`` and
``tests/``, runs mutmut there, and prints, per file, the share of mutants the tests detect
(killed or timed out, over every mutant checked; skipped ones are not counted). Then
``cd mutants/<work> && mutmut results`` lists the survivors and ``mutmut show <name>`` shows
one. Results stay between runs; delete the work directory to start afresh.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATHS = ("src/backoffice/values", "src/backoffice/domain", "src/backoffice/policies")
#: Verdicts that count as a mutant detected by the tests; skipped and unchecked ones count
#: neither way; every other verdict (survived, no tests, suspicious) counts against.
DETECTED = {"killed", "timeout", "caught by type check", "segfault"}
NOT_JUDGED = {"skipped", "not checked", "check was interrupted by user"}


def _relative(path: Path) -> str:
    return (ROOT / path).resolve().relative_to(ROOT).as_posix()


def _patterns(paths: list[str]) -> list[str]:
    return [p if p.endswith(".py") else f"{p.rstrip('/')}/*" for p in paths]


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def work_directory(paths: list[str], tests: list[str]) -> Path:
    """A directory whose pyproject.toml narrows ``[tool.mutmut]`` to ``paths`` and ``tests``."""
    key = hashlib.sha256("\0".join([*paths, "|", *tests]).encode()).hexdigest()[:10]
    work = ROOT / "mutants" / f"run-{key}"
    work.mkdir(parents=True, exist_ok=True)
    for name in ("src", "tests"):
        link = work / name
        if not link.exists():
            link.symlink_to(ROOT / name, target_is_directory=True)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    config = tomllib.loads(text)["tool"]["mutmut"]
    allowed = config["only_mutate"]
    outside = [
        p
        for p in paths
        if not any(Path(p).match(a) or p.startswith(a.rstrip("*")) for a in allowed)
    ]
    if outside:
        raise SystemExit(f"not configured for mutation in pyproject.toml: {outside}")
    text = re.sub(
        r"(?ms)^only_mutate = \[.*?\]$", f"only_mutate = {_toml_list(_patterns(paths))}", text
    )
    if tests:
        text = re.sub(
            r"(?m)^pytest_add_cli_args_test_selection = .*$",
            f"pytest_add_cli_args_test_selection = {_toml_list(tests)}",
            text,
        )
    (work / "pyproject.toml").write_text(text, encoding="utf-8")
    return work


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        full = ROOT / path
        found.extend(sorted(full.rglob("*.py")) if full.is_dir() else [full])
    return found


def report(work: Path, paths: list[str]) -> None:
    """Print each file's figures from the last run in ``work``."""
    for file in _files(paths):
        name = file.relative_to(ROOT)
        meta = work / "mutants" / name.with_suffix(".py.meta")
        if not meta.exists():
            print(f"{name}: no results (no mutants, or not run yet)")
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        counts = Counter(status_by_exit_code[code] for code in codes.values())
        judged = sum(n for verdict, n in counts.items() if verdict not in NOT_JUDGED)
        detected = sum(n for verdict, n in counts.items() if verdict in DETECTED)
        score = 100 * detected / judged if judged else 100.0
        detail = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
        print(f"{name}: {score:.1f} % of {judged} mutants detected ({detail})")


def main(argv: list[str] | None = None) -> int:
    """Run mutmut on the given paths (default: values/, domain/, policies/) and report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("paths", nargs="*", help="files or directories under src/backoffice")
    parser.add_argument("--tests", nargs="+", default=[], help="test files or directories")
    parser.add_argument("--max-children", type=int, help="parallel test processes")
    parser.add_argument("--report-only", action="store_true", help="print the last figures")
    args = parser.parse_args(argv)
    paths = [_relative(Path(p)) for p in args.paths] or list(DEFAULT_PATHS)
    tests = [_relative(Path(t)) for t in args.tests]
    work = work_directory(paths, tests)
    if not args.report_only:
        mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or "mutmut"
        command = [mutmut, "run"]
        if args.max_children:
            command += ["--max-children", str(args.max_children)]
        print(f"$ cd {work.relative_to(ROOT)} && {' '.join(command)}", flush=True)
        subprocess.run(command, cwd=work, check=False)  # noqa: S603 - our own fixed command
    report(work, paths)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
