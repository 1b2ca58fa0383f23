"""The documentation runs: README and docs code blocks, docstring examples, the demo."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import backoffice
from backoffice.cli import main

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
FENCE = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_every_page_is_found() -> None:
    assert ROOT / "README.md" in PAGES
    assert len(PAGES) > 5


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_blocks_in_the_page_run_in_order(page: Path) -> None:
    blocks = FENCE.findall(page.read_text(encoding="utf-8"))
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(blocks, start=1):
        code = compile(block, f"{page.relative_to(ROOT)} block {number}", "exec")
        exec(code, namespace)


MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(backoffice.__path__, prefix="backoffice.")
    if info.name != "backoffice.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        extraglobs={"__name__": name},
    )
    assert result.failed == 0


def test_the_demo_runs_and_shows_the_seed_tiers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    shown = capsys.readouterr().out
    for phrase in ("urgent", "respond 2 h", "resolve 4 h", "important", "routine", "working days"):
        assert phrase in shown


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"^```(?:sh|bash|shell)\n(.*?)\n```", readme, re.MULTILINE | re.DOTALL)
    test_commands = [c for c in commands if "pytest" in c]
    assert len(test_commands) == 1, "README must show exactly one test command"
    assert test_commands[0].strip() in ci
    assert "scenario example --run" in commands[0], "README's first command runs the example"
    assert commands[0].strip() in ci
    assert any("demo" in c for c in commands), "the demo stays available"
