"""Publishing slots for a period: dates from each platform's cadence, times from the
brand's preferred times or from what performed in its history, pillars in the brand's mix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from ..brand import BrandProfile
from ..errors import PlanError
from ..platforms import get_platform
from .model import Slot

MIN_GAP = timedelta(hours=3)
"""Two posts on one platform closer than this compete with each other in the feed."""

BestTimes = Mapping[str, Mapping[int, Sequence[time]]]
"""platform -> weekday (0 = Monday) -> times ranked best first."""


def pillar_sequence(shares: Sequence[tuple[str, float]], count: int) -> list[str]:
    """``count`` pillar names in the given shares, each within one post of its share,
    spread out so that one pillar does not come in a run."""
    exact = [(name, share * count) for name, share in shares]
    counts = {name: math.floor(value) for name, value in exact}
    leftover = count - sum(counts.values())
    by_remainder = sorted(exact, key=lambda item: item[1] - math.floor(item[1]), reverse=True)
    for name, _ in by_remainder[:leftover]:
        counts[name] += 1
    placed = [((j + 0.5) / counts[name], order, name)
              for order, (name, _) in enumerate(shares) for j in range(counts[name])]
    return [name for _, _, name in sorted(placed)]


def _days_for(count: int, days: int) -> list[int]:
    """Day offsets spread evenly over the period (several a day when count > days)."""
    return [math.floor(i * days / count) for i in range(count)]


def _times_for(platform: str, day: date, brand: BrandProfile, best: BestTimes | None) -> list[time]:
    learned = (best or {}).get(platform, {}).get(day.weekday())
    return list(learned) if learned else list(brand.platforms[platform].preferred_times)


def _spaced(candidates: list[datetime], taken: list[datetime]) -> datetime:
    """The first candidate at least MIN_GAP from every taken slot, else one pushed past them."""
    for when in candidates:
        if all(abs(when - other) >= MIN_GAP for other in taken):
            return when
    when = max(taken) + MIN_GAP
    return when


def make_slots(brand: BrandProfile, start: date | str, days: int = 14, *,
               platforms: Sequence[str] | None = None, best_times: BestTimes | None = None) -> list[Slot]:
    """Every slot of the period, in time order, in the brand's time zone."""
    start = _as_date(start)
    if not 1 <= days <= 92:
        raise PlanError(f"days must be between 1 and 92, got {days}", field="days")
    chosen = list(platforms) if platforms else list(brand.platforms)
    slots: list[Slot] = []
    for name in chosen:
        platform = get_platform(name).id
        if platform not in brand.platforms:
            raise PlanError(f"brand '{brand.slug}' does not post on {platform}", field="platforms",
                            hint=f"its platforms: {', '.join(brand.platforms)}")
        slots.extend(_platform_slots(brand, platform, start, days, best_times, len(slots)))
    return sorted(slots, key=lambda s: (s.when, s.platform))


def _platform_slots(brand: BrandProfile, platform: str, start: date, days: int,
                    best: BestTimes | None, shift: int) -> list[Slot]:
    count = max(1, round(brand.platforms[platform].posts_per_week * days / 7))
    pillars = pillar_sequence([(p.name, p.share) for p in brand.pillars], count)
    # Rotated per platform so that the same day does not carry one pillar everywhere.
    pillars = pillars[shift % count:] + pillars[:shift % count]
    taken: list[datetime] = []
    for index, offset in enumerate(_days_for(count, days)):
        day = start + timedelta(days=offset)
        times = _times_for(platform, day, brand, best)
        rotated = times[index % len(times):] + times[:index % len(times)]
        candidates = [datetime.combine(day, t, tzinfo=brand.tz) for t in rotated]
        taken.append(_spaced(candidates, [w for w in taken if w.date() == day]))
    return [Slot(platform, when, pillar) for when, pillar in zip(sorted(taken), pillars)]


def past_start(brand: BrandProfile, start: date | str) -> str | None:
    """A warning when ``start`` is before today in the brand's zone, else None."""
    start = _as_date(start)
    today = datetime.now(brand.tz).date()
    if start >= today:
        return None
    late = (today - start).days
    return (f"the plan starts on {start}, {late} day{'s' if late > 1 else ''} before today ({today} in "
            f"{brand.timezone}): its first posts are already late to schedule")


def _as_date(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PlanError(f"start must be a date or a text like 2026-12-01, got {value!r}", field="start")
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PlanError(f"start date '{value}' is not a date like 2026-12-01", field="start") from None
