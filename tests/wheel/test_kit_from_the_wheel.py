"""The testing kit is in the wheel and works from a fresh virtual environment.

Builds the wheel (hatchling, without build isolation: no network), installs it with
``--no-deps`` into a new venv that sees this interpreter's packages (the dependencies
``pip install backoffice[test]`` brings, through a ``.pth`` file), and runs a user's test
file there that imports only ``backoffice`` and ``backoffice.testing``: a law check, a shipped
state machine, and ``st.from_type(Money)`` (registered through the package's ``hypothesis``
entry point, never called by the test itself). Marked ``wheel``:
it builds a wheel (~20 s).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIP = (sys.executable, "-m", "pip")

USER_TEST = """
from datetime import timedelta

import pytest

from backoffice.calendar import BusinessCalendar, CalendarRegistry
from backoffice.domain.requests import SlaMetric, SlaTarget, SlaTargets, Tier
from backoffice.testing.laws import LawViolation, check_sla_policy_laws

ALWAYS = CalendarRegistry({"24x7": BusinessCalendar.always("Asia/Shanghai")})
HOURS = {Tier.URGENT: 4, Tier.IMPORTANT: 8, Tier.ROUTINE: 24}


class MyPolicy:
    def __init__(self, hours):
        self.hours = hours

    def review_target(self, details):
        return None

    def targets(self, details, tier):
        time = timedelta(hours=self.hours[tier])
        return SlaTargets([SlaTarget.within(SlaMetric.RESOLUTION, time, "24x7", calendars=ALWAYS)])


def test_my_policy_obeys_the_laws():
    check_sla_policy_laws(MyPolicy(HOURS), calendars=ALWAYS)


def test_a_wrong_policy_is_caught():
    wrong = {**HOURS, Tier.URGENT: 48}
    with pytest.raises(LawViolation, match="a higher tier is never slower"):
        check_sla_policy_laws(MyPolicy(wrong), calendars=ALWAYS)


def test_from_type_knows_money_through_the_entry_point():
    from hypothesis import given, strategies as st

    from backoffice import Money

    @given(st.from_type(Money))
    def drawn(amount):
        assert isinstance(amount, Money)
        assert amount == amount.rounded()  # the registered strategy, not attrs inference

    drawn()


from backoffice.policies.removal import FirstExpiredFirstOut
from backoffice.testing.machines import RemovalPolicyMachine, machine_test_case

TestMyStoreroom = machine_test_case(RemovalPolicyMachine, policy=FirstExpiredFirstOut())


def test_the_kit_comes_from_the_installed_wheel():
    import backoffice.testing.laws as laws
    assert "site-packages" in laws.__file__
"""


@pytest.mark.wheel
def test_a_user_checks_a_policy_with_the_kit_from_the_wheel(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (test extra)")
    dist = tmp_path / "dist"
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        timeout=120,
    )
    (wheel,) = dist.glob("backoffice-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    # The dependencies are this venv's (what `pip install backoffice[test]` installed): the
    # new venv sees them after its own packages, without this venv's editable backoffice.
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(own, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [*PIP, "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        timeout=120,
    )
    user = tmp_path / "user"
    user.mkdir()
    (user / "test_my_policy.py").write_text(USER_TEST, encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "HYPOTHESIS_PROFILE"}}
    result = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_my_policy.py"],
        cwd=user,
        env=clean,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout
