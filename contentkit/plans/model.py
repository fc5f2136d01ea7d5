"""The shapes of a content plan: slots, planned posts and the plan itself.

Kept apart from the runner (plans.runner) and the exports (contentkit.export) so both can use
them without importing each other; every record round-trips through JSON for the
append-only checkpoint file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

Status = Literal["done", "failed"]
"""Whether the model's work is finished (resuming skips "done"); see PlannedPost.review."""
Review = Literal["ready", "needs review", "failed"]


@dataclass(frozen=True)
class Slot:
    """One publishing slot: where, when (aware datetime in the brand's zone), which pillar."""

    platform: str
    when: datetime
    pillar: str

    @property
    def id(self) -> str:
        """Stable key used to resume: the same plan request yields the same ids."""
        return f"{self.platform}-{self.when:%Y%m%d-%H%M}"

    def to_json(self) -> dict[str, Any]:
        return {"platform": self.platform, "when": self.when.isoformat(), "pillar": self.pillar}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        return cls(data["platform"], datetime.fromisoformat(data["when"]), data["pillar"])


@dataclass
class PlannedPost:
    """A slot with its result: the checked draft, hashtags and image, or why it failed."""

    slot: Slot
    topic: str
    status: Status
    text: str = ""
    hashtags: list[str] = field(default_factory=list)
    language: str = ""
    image: str | None = None
    """Path of the image file, relative to the plan's folder."""
    image_alt: str = ""
    layout: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    backend: str = ""
    model: str = ""
    seconds: float = 0.0
    # Last, so that posts built positionally (older code, tests) keep their meaning.
    hashtag_reasons: dict[str, str] = field(default_factory=dict)
    """Why the post carries each of its tags, those in ``text`` and those in ``hashtags``
    ("from your profile", "a key word of this post", "used in 13 of your 186 posts, ...")."""
    format: str = ""
    """The post's format id ("tip", "question", ...; see contentkit.writing.formats), "" for free text."""

    @property
    def format_name(self) -> str:
        """The format as a manager calls it ("myth vs fact"), or ""."""
        from ..writing.formats import FORMATS

        known = FORMATS.get(self.format)
        return known.name if known else self.format

    @property
    def id(self) -> str:
        return self.slot.id

    @property
    def review(self) -> Review:
        """What a manager does next: a draft with a warning is read before it is scheduled."""
        if self.status == "failed":
            return "failed"
        return "needs review" if self.warnings else "ready"

    @property
    def full_text(self) -> str:
        """The text as it will be published: draft plus hashtags not already in it."""
        present = {word.lower() for word in self.text.split()}
        extra = [tag for tag in self.hashtags if tag.lower() not in present]
        return f"{self.text}\n\n{' '.join(extra)}".strip() if extra else self.text

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["slot"] = self.slot.to_json()
        data["id"] = self.id
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlannedPost:
        data = dict(data)
        data.pop("id", None)
        data["slot"] = Slot.from_json(data["slot"])
        return cls(**data)


@dataclass
class ContentPlan:
    """A brand's posts for a period, in time order, with the folder they were written to."""

    brand: str
    start: str
    days: int
    timezone: str
    posts: list[PlannedPost]
    out_dir: Path | None = None
    notes: list[str] = field(default_factory=list)
    """What the user should know about the plan as a whole (a start in the past)."""
    history: str = ""
    """Which post history the plan learned from, and from how many posts."""

    @property
    def done(self) -> list[PlannedPost]:
        return [p for p in self.posts if p.status == "done"]

    @property
    def failed(self) -> list[PlannedPost]:
        return [p for p in self.posts if p.status == "failed"]

    @property
    def ready(self) -> list[PlannedPost]:
        """Done posts without warnings: the ones that can be scheduled as they are."""
        return [p for p in self.posts if p.review == "ready"]

    @property
    def needs_review(self) -> list[PlannedPost]:
        return [p for p in self.posts if p.review == "needs review"]

    def summary(self) -> str:
        by_platform: dict[str, int] = {}
        for post in self.done:
            by_platform[post.slot.platform] = by_platform.get(post.slot.platform, 0) + 1
        parts = ", ".join(f"{name} {count}" for name, count in sorted(by_platform.items()))
        text = (f"{len(self.done)} of {len(self.posts)} posts done ({parts or 'none'}): "
                f"{len(self.ready)} ready to schedule, {len(self.needs_review)} need review (warnings)")
        if self.failed:
            text += f"; {len(self.failed)} failed: " + "; ".join(
                f"{p.id}: {p.error}" for p in self.failed[:3]) + (" ..." if len(self.failed) > 3 else "")
        return f"{text}\n{self.history}" if self.history else text

    # Exports live in contentkit.export; these keep the design's ``plan.to_csv(...)`` spelling.
    def to_csv(self, path: str | Path, shape: str = "generic") -> Path:
        from ..export import write_csv

        return write_csv(self, path, shape=shape)

    def to_ics(self, path: str | Path) -> Path:
        from ..export import write_ics

        return write_ics(self, path)

    def to_json(self, path: str | Path) -> Path:
        from ..export import write_json

        return write_json(self, path)

    def to_markdown(self, path: str | Path) -> Path:
        from ..export import write_markdown

        return write_markdown(self, path)

    def to_html(self, path: str | Path) -> Path:
        from ..export import write_html

        return write_html(self, path)

    def to_zip(self, path: str | Path) -> Path:
        from ..export import write_zip

        return write_zip(self, path)

