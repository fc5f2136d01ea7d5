"""The Python API's plan arguments checked up front, so that a wrong type is the library's
own error naming the argument instead of a TypeError from deep inside the runner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import PlanError


def _names(value: Any, field: str, what: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):  # one name on its own, not its letters
        value = [value]
    if not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise PlanError(f"{field} must be a list of {what}, got {value!r}", field=field)
    return list(value)


def check_plan_arguments(days: Any, platforms: Any, topics: Any, concurrency: Any
                         ) -> tuple[list[str] | None, Sequence[str]]:
    """Raise PlanError naming the first argument of a wrong type; returns (platforms, topics)."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise PlanError(f"days must be a whole number of days, got {days!r}", field="days")
    if concurrency is not None and (isinstance(concurrency, bool) or not isinstance(concurrency, int)
                                    or concurrency < 1):
        raise PlanError(f"concurrency must be a whole number of at least 1, got {concurrency!r}",
                        field="concurrency")
    if isinstance(topics, str):  # a sentence would be planned letter by letter
        raise PlanError("topics must be a list of topics, got one text", field="topics",
                        hint=f"pass topics=[{topics!r}]")
    return _names(platforms, "platforms", "platform names"), _names(topics, "topics", "topics") or ()
