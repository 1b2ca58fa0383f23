"""A synthetic back-office workload: who asks for what, when, and how much work it is.

The generator draws, for each day of the period, a number of requests (fewer on weekends and
public holidays: the holiday gaps of the office calendar), spreads them over the hours of the
day (peaks mid-morning and mid-afternoon), picks each one's category and urgency from the mix,
and writes a description in the words the seed's triage looks for ("Water leak in ...",
"Air conditioning not working in ..."). In the rainy season (梅雨, June-July in Shanghai) a
few storm days bring a burst of flooding and leak reports within a couple of hours.

Each request also carries what the simulation needs to play it: how long the reviewer takes,
how much working time the job takes (log-normal per category), whether the work waits for
parts, what the repair costs, and how the requester tends to rate it. All of it comes from
``random.Random(seed)``: the same spec and seed give the same workload, whatever the variant.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final

import attrs

from backoffice.calendar import BusinessCalendar
from backoffice.domain.requests import Category, Channel
from backoffice.errors import PolicyConfigurationError

__all__ = ["Arrival", "WorkloadSpec", "generate_workload"]

#: Arrivals per hour of the day (relative weights), office hours heavy.
_HOURS: Final = (1, 1, 1, 1, 1, 1, 2, 4, 10, 14, 13, 8, 5, 9, 12, 11, 9, 5, 3, 2, 2, 1, 1, 1)
_MIX: Final = {
    "repair": 40, "cleaning": 15, "supplies": 15, "it": 12, "vehicle": 6, "venue": 5,
    "catering": 3, "security": 2, "other": 2,
}  # fmt: skip
_SERVICE_HOURS: Final = {
    "repair": 2.5, "cleaning": 1.0, "supplies": 1.0, "it": 1.5, "vehicle": 3.0, "venue": 2.0,
    "catering": 2.0, "security": 1.0, "other": 1.0,
}  # fmt: skip
_WORDS: Final[Mapping[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]] = {
    # category: (urgent, important, routine) descriptions, in the triage's words
    "repair": (
        ("Water leak in room {n}", "Power cut on floor {f}", "Burst pipe in the washroom"),
        ("Air conditioning not working in room {n}", "Lift out of order in block {f}"),
        ("Door hinge loose in room {n}", "Light bulb to replace in room {n}"),
    ),
    "it": (
        ("Power outage in the server room",),
        ("Printer broken on floor {f}", "Projector not working in room {n}"),
        ("New keyboard for desk {n}", "Move a phone line to desk {n}"),
    ),
    "venue": ((), ("Large meeting in hall {f}: sound and seating",), ("Book room {n}",)),
    "security": (("Fire alarm on floor {f}",), ("Door access broken at gate {f}",), ("New badge",)),
}
_ROUTINE: Final = {
    "cleaning": "Daily cleaning of room {n}", "supplies": "{f} reams of A4 paper for room {n}",
    "vehicle": "Car to the airport, {f} passengers", "catering": "Lunch for {f} visitors",
    "other": "Move {f} chairs to room {n}",
}  # fmt: skip
_CENT: Final = Decimal("0.01")
_FLOODS: Final = (
    "Rainstorm: water in the ground floor lobby",
    "Flood in the B1 car park",
    "Water leak through the roof of block {f}",
)
_KEYS: Final = frozenset({
    "start", "days", "per_day", "off_day_share", "urgent_share", "important_share", "mix",
    "service_hours", "rainy_season", "parts_wait_share", "repair_cost", "sites",
})  # fmt: skip


@attrs.frozen(kw_only=True)
class Arrival:
    """One synthetic request and what the simulation needs to play it.

    Attributes:
        number: Its place in the workload (0, 1, ...).
        submitted_at: When it is raised.
        category: What kind of work.
        channel: How it is raised.
        description: What the requester writes (the triage reads it).
        site: Where.
        review: How long the reviewer takes to accept it (working time; minutes at night).
        work: The working time the job takes.
        parts_wait: How long the work waits for parts halfway, if it does.
        cost: What the repair costs (CNY), if anything.
        mood: A number in [0, 1) that decides the rating (lower is kinder).
    """

    number: int
    submitted_at: datetime
    category: Category
    channel: Channel
    description: str
    site: str
    review: timedelta
    work: timedelta
    parts_wait: timedelta | None
    cost: Decimal | None
    mood: float


def _number(data: Mapping[str, Any], key: str, default: float, low: float, high: float) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise PolicyConfigurationError(
            f"workload.{key}: a number from {low} to {high}, got {value!r}", field=f"workload.{key}"
        )
    return float(value)


def _weights(data: Mapping[str, Any], key: str, default: Mapping[str, float]) -> dict[str, float]:
    table = dict(default)
    for name, value in dict(data.get(key, {})).items():
        if name not in default:
            raise PolicyConfigurationError(
                f"workload.{key}.{name}: unknown category; known: {sorted(default)}",
                field=f"workload.{key}.{name}",
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise PolicyConfigurationError(
                f"workload.{key}.{name}: a number >= 0, got {value!r}",
                field=f"workload.{key}.{name}",
            )
        table[name] = float(value)
    return table


@attrs.frozen(kw_only=True)
class WorkloadSpec:
    """What the generator draws from (see the module docstring); built by :meth:`from_dict`.

    Attributes:
        start: The first day.
        days: How many days.
        per_day: Mean requests on a working day.
        off_day_share: Share of that volume on weekends and holidays.
        urgent_share: Share of requests worded as urgent (where the category has such words).
        important_share: Share worded as important.
        mix: Relative weight of each category.
        service_hours: Median working hours of a job, per category.
        rainy_season: ``(first day, last day, storm days, requests per storm)``.
        parts_wait_share: Share of repairs that wait for parts.
        repair_cost: Least and most a repair costs, whole yuan.
        sites: The sites requests come from.
    """

    start: date = date(2025, 6, 2)
    days: int = 28
    per_day: float = 30.0
    off_day_share: float = 0.15
    urgent_share: float = 0.08
    important_share: float = 0.27
    mix: Mapping[str, float] = attrs.field(factory=lambda: dict(_MIX))
    service_hours: Mapping[str, float] = attrs.field(factory=lambda: dict(_SERVICE_HOURS))
    rainy_season: tuple[date, date, int, int] = (date(2025, 6, 10), date(2025, 7, 15), 2, 12)
    parts_wait_share: float = 0.1
    repair_cost: tuple[int, int] = (50, 1500)
    sites: tuple[str, ...] = ("HQ", "Plant")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WorkloadSpec:
        """Build from the ``[workload]`` table; every key is optional.

        Keys: ``start`` (ISO date), ``days``, ``per_day``, ``off_day_share``,
        ``urgent_share``, ``important_share``, ``mix`` and ``service_hours`` (per category),
        ``rainy_season = {from, to, storms, size}``, ``parts_wait_share``,
        ``repair_cost = [least, most]``, ``sites``.

        Raises:
            PolicyConfigurationError: A key is unknown or a value out of range.
        """
        unknown = set(data) - _KEYS
        if unknown:
            raise PolicyConfigurationError(
                f"workload: unknown keys {sorted(unknown)}; known: {sorted(_KEYS)}",
                field="workload",
            )
        try:
            start = date.fromisoformat(str(data.get("start", "2025-06-02")))
            rain = dict(data.get("rainy_season", {}))
            season = (
                date.fromisoformat(str(rain.get("from", "2025-06-10"))),
                date.fromisoformat(str(rain.get("to", "2025-07-15"))),
                int(rain.get("storms", 2)),
                int(rain.get("size", 12)),
            )
        except (ValueError, TypeError) as error:
            raise PolicyConfigurationError(
                f"workload: dates as YYYY-MM-DD: {error}", field="workload.start"
            ) from error
        cost = data.get("repair_cost", [50, 1500])
        if not (isinstance(cost, list) and len(cost) == 2 and 0 <= cost[0] <= cost[1]):
            raise PolicyConfigurationError(
                f"workload.repair_cost: [least, most] whole yuan, got {cost!r}",
                field="workload.repair_cost",
            )
        urgent = _number(data, "urgent_share", 0.08, 0, 1)
        important = _number(data, "important_share", 0.27, 0, 1 - urgent)
        hours = _weights(data, "service_hours", _SERVICE_HOURS)
        if any(h <= 0 for h in hours.values()):
            raise PolicyConfigurationError(
                "workload.service_hours: every category needs some work (> 0 hours)",
                field="workload.service_hours",
            )
        return cls(
            start=start,
            days=int(_number(data, "days", 28, 1, 3660)),
            per_day=_number(data, "per_day", 30, 0, 100_000),
            off_day_share=_number(data, "off_day_share", 0.15, 0, 1),
            urgent_share=urgent,
            important_share=important,
            mix=_weights(data, "mix", _MIX),
            service_hours=hours,
            rainy_season=season,
            parts_wait_share=_number(data, "parts_wait_share", 0.1, 0, 1),
            repair_cost=(int(cost[0]), int(cost[1])),
            sites=tuple(str(s) for s in data.get("sites", ("HQ", "Plant"))),
        )

    @property
    def end(self) -> date:
        """The day after the last."""
        return self.start + timedelta(days=self.days)


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 60:  # normal approximation, rounded, never negative
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _describe(rng: random.Random, category: str, spec: WorkloadSpec) -> str:
    roll = rng.random()
    words = _WORDS.get(category)
    if words is None:
        text = _ROUTINE[category]
    else:
        urgent, important, routine = words
        if roll < spec.urgent_share and urgent:
            text = rng.choice(urgent)
        elif roll < spec.urgent_share + spec.important_share and important:
            text = rng.choice(important)
        else:
            text = rng.choice(routine)
    return text.format(n=rng.randint(101, 1520), f=rng.randint(1, 12))


def generate_workload(spec: WorkloadSpec, seed: int, office: BusinessCalendar) -> list[Arrival]:
    """The workload of ``spec`` drawn with ``random.Random(seed)``, in order of arrival.

    ``office`` says which days are working days (weekends and holidays get
    :attr:`WorkloadSpec.off_day_share` of the volume) and gives the zone of the instants.
    """
    rng = random.Random(seed)  # noqa: S311 (a simulation, not cryptography)
    zone = office.timezone
    categories, weights = list(spec.mix), list(spec.mix.values())
    raised: list[tuple[datetime, str, str, Channel]] = []
    first, last, storms, size = spec.rainy_season
    season = [first + timedelta(days=d) for d in range((last - first).days + 1)]
    in_period = [d for d in season if spec.start <= d < spec.end]
    storm_days = set(rng.sample(in_period, min(storms, len(in_period))))
    for offset in range(spec.days):
        day = spec.start + timedelta(days=offset)
        share = 1.0 if office.is_working_day(day) else spec.off_day_share
        for _ in range(_poisson(rng, spec.per_day * share)):
            hour = rng.choices(range(24), weights=_HOURS)[0]
            at = datetime.combine(day, time(hour, rng.randrange(60)), zone)
            category = rng.choices(categories, weights=weights)[0]
            channel = rng.choice((Channel.WEB_FORM, Channel.OA_SYSTEM, Channel.MOBILE_APP))
            raised.append((at, category, _describe(rng, category, spec), channel))
        if day in storm_days:
            begin = datetime.combine(day, time(rng.randrange(24)), zone)
            for _ in range(size):
                at = begin + timedelta(minutes=rng.randrange(180))
                text = rng.choice(_FLOODS).format(f=rng.randint(1, 12))
                raised.append((at, "repair", text, Channel.PHONE_HOTLINE))
    raised.sort(key=lambda r: r[0])
    arrivals = []
    low, high = spec.repair_cost
    for number, (at, category, text, channel) in enumerate(raised):
        median = spec.service_hours[category]
        work = timedelta(minutes=max(5, round(60 * median * rng.lognormvariate(0, 0.6))))
        waits = category == "repair" and rng.random() < spec.parts_wait_share
        arrivals.append(
            Arrival(
                number=number,
                submitted_at=at,
                category=Category(category),
                channel=channel,
                description=text,
                site=rng.choice(spec.sites),
                review=timedelta(minutes=rng.randint(5, 90)),
                work=work,
                parts_wait=timedelta(hours=rng.randint(4, 72)) if waits else None,
                cost=Decimal(rng.randint(low, high)).quantize(_CENT)
                if category == "repair"
                else None,
                mood=rng.random(),
            )
        )
    return arrivals
