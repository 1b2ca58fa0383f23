"""Inspection checklists (检查表): checkpoints with pass/fail, readings with allowed ranges, notes.

A :class:`ChecklistTemplate` is what an inspector walks through on a round: a quarterly fire
equipment check, a night security patrol, a boiler room inspection. Each :class:`Checkpoint` is
a pass/fail question, a reading that must lie in an allowed range (extinguisher pressure
1.0-1.4 MPa), or a free note; a failed check or a reading out of range becomes a **finding**
(隐患) with the checkpoint's severity.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal

import attrs

from backoffice.errors import ValidationError
from backoffice.values import inputs
from backoffice.values.money import to_decimal

__all__ = ["CheckKind", "CheckResult", "ChecklistTemplate", "Checkpoint", "Severity"]


class CheckKind(enum.StrEnum):
    """What a checkpoint asks for."""

    PASS_FAIL = "pass_fail"  # noqa: S105 (a checkpoint kind, not a password)
    READING = "reading"
    NOTE = "note"


class Severity(enum.StrEnum):
    """How serious a finding is; it sets the correction deadline."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


def _code(value: object) -> str:
    return inputs.text(value, "code").strip()


def _question(value: object) -> str:
    return inputs.text(value, "question").strip()


def _kind(value: object) -> CheckKind:
    return inputs.choice(value, CheckKind, "kind")


def _severity(value: object) -> Severity:
    return inputs.choice(value, Severity, "severity")


def _photos(value: object) -> tuple[str, ...]:
    return inputs.text_items(value, "photos")


def _bound(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, field="bound")


@attrs.frozen(kw_only=True)
class Checkpoint:
    """One item of a checklist.

    Attributes:
        code: Short unique code within the checklist (``"EXT-PRESSURE"``).
        question: What to check, in words.
        kind: Pass/fail, reading or note.
        severity: The severity of a finding here.
        low: For readings: the lowest allowed value (``None``: no lower limit).
        high: For readings: the highest allowed value (``None``: no upper limit).
        unit: For readings: the unit (``"MPa"``).
    """

    code: str = attrs.field(converter=_code)
    question: str = attrs.field(converter=_question)
    kind: CheckKind = attrs.field(default=CheckKind.PASS_FAIL, converter=_kind)
    severity: Severity = attrs.field(default=Severity.MAJOR, converter=_severity)
    low: Decimal | None = attrs.field(default=None, converter=_bound)
    high: Decimal | None = attrs.field(default=None, converter=_bound)
    unit: str = ""

    def __attrs_post_init__(self) -> None:
        ranged = self.low is not None or self.high is not None
        if ranged and self.kind is not CheckKind.READING:
            raise ValidationError(f"{self.code}: only readings have a range", field="low")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValidationError(f"{self.code}: low is above high", field="low")


@attrs.frozen(kw_only=True)
class CheckResult:
    """What the inspector found at one checkpoint.

    Attributes:
        code: The checkpoint's code.
        passed: For pass/fail checkpoints.
        reading: For readings.
        note: Remarks.
        photos: References to the photos taken (file names, document ids), if any.
    """

    code: str = attrs.field(converter=_code)
    passed: bool | None = None
    reading: Decimal | None = attrs.field(default=None, converter=_bound)
    note: str = ""
    photos: tuple[str, ...] = attrs.field(default=(), converter=_photos)


def _checkpoints(values: Iterable[Checkpoint]) -> tuple[Checkpoint, ...]:
    items = tuple(values)
    if not items or not all(isinstance(item, Checkpoint) for item in items):
        raise ValidationError("a checklist needs Checkpoint items", field="checkpoints")
    codes = [item.code for item in items]
    if len(set(codes)) != len(codes):
        raise ValidationError(f"checkpoint codes repeat in {codes}", field="checkpoints")
    return items


def _name(value: object) -> str:
    return inputs.text(value, "name").strip()


@attrs.frozen
class ChecklistTemplate:
    """A checklist: a name and its checkpoints, in order.

    Attributes:
        name: What the round is (``"Quarterly fire equipment check"``).
        checkpoints: The checkpoints.
    """

    name: str = attrs.field(converter=_name)
    checkpoints: tuple[Checkpoint, ...] = attrs.field(converter=_checkpoints)

    def checkpoint(self, code: str) -> Checkpoint:
        """The checkpoint with ``code``.

        Raises:
            ValidationError: There is none.
        """
        for item in self.checkpoints:
            if item.code == code:
                return item
        raise ValidationError(f"{self.name} has no checkpoint {code!r}", field="code")

    def assess(self, results: Iterable[CheckResult]) -> list[tuple[Checkpoint, str]]:
        """Check ``results`` against the checklist; return each finding with what is wrong.

        Raises:
            ValidationError: A result names an unknown checkpoint or misses its answer, or a
                checkpoint has no result or two.
        """
        given = list(results)
        by_code = {result.code: result for result in given}
        if len(by_code) != len(given):
            raise ValidationError("a checkpoint has two results", field="results")
        findings: list[tuple[Checkpoint, str]] = []
        for item in self.checkpoints:
            result = by_code.pop(item.code, None)
            if result is None:
                raise ValidationError(f"no result for checkpoint {item.code}", field="results")
            problem = _problem(item, result)
            if problem:
                findings.append((item, problem))
        if by_code:
            raise ValidationError(f"unknown checkpoints {sorted(by_code)}", field="results")
        return findings


def _problem(item: Checkpoint, result: CheckResult) -> str:
    problem = _what_is_wrong(item, result)
    if problem and result.photos:
        problem += f" [photos: {', '.join(result.photos)}]"
    return problem


def _what_is_wrong(item: Checkpoint, result: CheckResult) -> str:
    if item.kind is CheckKind.PASS_FAIL:
        if result.passed is None:
            raise ValidationError(f"{item.code} needs passed=True/False", field="results")
        return (
            ""
            if result.passed
            else f"failed: {item.question}" + (f" ({result.note})" if result.note else "")
        )
    if item.kind is CheckKind.READING:
        if result.reading is None:
            raise ValidationError(f"{item.code} needs a reading", field="results")
        value = result.reading
        if (item.low is not None and value < item.low) or (
            item.high is not None and value > item.high
        ):
            return f"{item.question}: {value} {item.unit} outside {item.low}-{item.high}".strip()
    return ""
