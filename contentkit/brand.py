"""Brand profiles: what an SMM manager writes down about a brand, validated like data.

A profile is a folder ``<slug>/brand.yaml`` with its logo and optional fonts beside it.
"""

from __future__ import annotations

import math
import os
import re
from datetime import time, tzinfo
from pathlib import Path
from typing import Annotated, Literal

import regex
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from .config import brand_dirs
from .errors import BrandError
from .language_codes import ISO_639_1
from .platforms import PLATFORMS

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_language(code: str) -> str:
    code = code.strip().lower()
    if code not in ISO_639_1:
        raise ValueError(f"'{code}' is not an ISO 639-1 language code (e.g. en, it, ru)")
    return code


def _check_hex(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"'{value}' is not a hex colour like #1A2B3C")
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.upper()


def _normalise_tag(tag: str) -> str:
    tag = tag.strip()
    if not tag:
        raise ValueError("empty hashtag")
    return tag if tag.startswith("#") else f"#{tag}"


class ExamplePost(_Strict):
    text: str = Field(min_length=1)
    platform: str | None = None


class Voice(_Strict):
    tone: list[str] = Field(min_length=1, description="Words that describe how the brand sounds.")
    do: list[str] = []
    dont: list[str] = []
    banned_words: list[str] = []
    emoji: Literal["none", "light", "moderate", "heavy"] = "light"
    example_posts: list[ExamplePost] = []


class Persona(_Strict):
    name: str
    gender: Literal["female", "male", "any"] = "any"
    age_range: tuple[int, int] | None = None
    location: str | None = None
    interests: list[str] = []
    family_status: str | None = None
    children: str | None = None
    occupation: str | None = None
    income: str | None = None
    problems: list[str] = Field(default=[], description="Problems the brand solves for them.")

    @field_validator("age_range")
    @classmethod
    def _ages(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value and not (0 < value[0] <= value[1] < 120):
            raise ValueError(f"age range {list(value)} must be [youngest, oldest] within 1-119")
        return value


class PlatformPlan(_Strict):
    posts_per_week: int = Field(ge=1, le=70)
    preferred_times: list[time] = Field(default=[time(9, 0)], min_length=1)
    image_kind: str = "feed"


IMAGE_LAYOUTS = ("announcement", "quote", "photo", "story", "carousel")


class Pillar(_Strict):
    name: str
    share: float = Field(gt=0, le=1)
    description: str = ""
    layout: Literal["announcement", "quote", "photo", "story", "carousel"] | None = None
    formats: list[Literal["tip", "question", "behind_the_scenes", "announcement", "story", "myth_fact", "poll",
                          "faq"]] = Field(default=[], description="The post formats this pillar's slots take "
                                          "in turn (default: by its layout); see contentkit.writing.formats.")


class HashtagPolicy(_Strict):
    always: list[str] = []
    banned: list[str] = []
    max: int = Field(default=5, ge=0, le=60)

    @field_validator("always", "banned")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        return [_normalise_tag(t) for t in value]


class Fonts(_Strict):
    heading: str | None = None
    body: str | None = None


class Visual(_Strict):
    palette: dict[str, Annotated[str, Field()]] = Field(min_length=1)
    logo: str | None = None
    fonts: Fonts = Fonts()

    @field_validator("palette")
    @classmethod
    def _palette(cls, value: dict[str, str]) -> dict[str, str]:
        out = {}
        for role, colour in value.items():
            try:
                out[role] = _check_hex(str(colour))
            except ValueError as exc:
                raise ValueError(f"palette.{role}: {exc}") from None
        if "primary" not in out:
            raise ValueError("palette needs a 'primary' colour")
        return out


def keyword_pattern(word: str) -> regex.Pattern[str]:
    """What a profile's keyword finds: words that start with it ("orari" finds "orari" and
    "orario"), a phrase's words in order."""
    return regex.compile(r"(?<![\p{L}\p{N}])" + regex.escape(word).replace(r"\ ", r"\s+"), regex.IGNORECASE)


def _keywords(value: list[str]) -> list[str]:
    words = [w.strip().lower() for w in value]
    if any(len(w) < 3 for w in words):
        raise ValueError(f"keywords need at least 3 letters, or they match everything (got {value})")
    return words


class CallToAction(_Strict):
    text: str
    url: str | None = None
    about: list[str] = Field(default=[], description="Keywords of the posts it suits ('latte art', 'torta'): "
                             "it goes under a post that uses one, and under no other while a call to action "
                             "without keywords is left. Left out, it suits any post.")

    @field_validator("about")
    @classmethod
    def _about(cls, value: list[str]) -> list[str]:
        return _keywords(value)

    def suits(self, text: str) -> bool:
        """Whether ``text`` uses one of the ``about`` keywords."""
        return any(keyword_pattern(word).search(text) for word in self.about)


Localized = str | dict[str, str]
"""One text for every language, or one per ISO 639-1 code: ``{it: "...", en: "..."}``."""


def _check_localized(value: Localized) -> Localized:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("the text is empty")
        return value.strip()
    if not value:
        raise ValueError("give the text, or one text per language code (it: ..., en: ...)")
    out = {}
    for code, text in value.items():
        code = _check_language(str(code))
        if not str(text).strip():
            raise ValueError(f"the {code} text is empty")
        out[code] = str(text).strip()
    return out


def _optional_localized(value: Localized | None) -> Localized | None:
    return None if value is None else _check_localized(value)


class CannedAnswer(_Strict):
    """A frequent question's answer, given as it is written here whenever a question matches."""

    topic: str = Field(min_length=1, description="What it answers, e.g. opening hours.")
    keywords: list[str] = Field(min_length=1, description="A question matches when one of its words starts "
                                "with a keyword (case-insensitive): 'orari' matches 'orari' and 'orario'.")
    answer: Localized

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        return _keywords(value)

    @field_validator("answer")
    @classmethod
    def _answer(cls, value: Localized) -> Localized:
        return _check_localized(value)


class ComplaintPolicy(_Strict):
    """What a reply to a complaint does beyond a short apology."""

    take_to_dm: bool = Field(default=False, description="Invite the commenter to continue in private messages.")
    dm_message: Localized | None = Field(default=None, description="The invitation, as it is to be written; "
                                         "default: a short one in the reply's language, with the escalation contact.")
    guidance: str = ""
    apology: Localized | None = Field(default=None, description="The apology a reply to a complaint starts with, "
                                      "as it is to be written, where the model's is not asked for; '{name}' is "
                                      "the commenter's first name when known. Default: a short one per language.")

    @field_validator("dm_message", "apology")
    @classmethod
    def _texts(cls, value: Localized | None) -> Localized | None:
        return _optional_localized(value)


class Replies(_Strict):
    """How the brand answers comments and messages (``contentkit inbox reply``)."""

    tone: list[str] = Field(default=[], description="How replies sound; default the voice's tone.")
    do: list[str] = []
    dont: list[str] = []
    complaints: ComplaintPolicy = ComplaintPolicy()
    escalation: str | None = Field(default=None, description="Where a problem goes: an e-mail, phone or @handle.")
    sign_off: str | None = Field(default=None, description="Added to every reply the model writes, e.g. '— Giulia'.")
    thanks: Localized | None = Field(default=None, description="The reply to a compliment, as it is to be written, "
                                     "where the model's is not asked for; '{name}' as in complaints.apology. "
                                     "Default: a few short ones per language, taken in turn.")
    canned: list[CannedAnswer] = []

    @field_validator("thanks")
    @classmethod
    def _thanks(cls, value: Localized | None) -> Localized | None:
        return _optional_localized(value)


class BrandProfile(_Strict):
    """A brand's voice, audience, platforms, pillars, hashtag policy and look."""

    name: str = Field(min_length=1)
    slug: str
    description: str = ""
    language: str
    other_languages: list[str] = []
    timezone: str = Field(default="UTC", description="IANA zone of preferred_times, e.g. Europe/Rome.")
    voice: Voice
    personas: list[Persona] = []
    platforms: dict[str, PlatformPlan] = Field(min_length=1)
    pillars: list[Pillar] = Field(min_length=1)
    hashtags: HashtagPolicy = HashtagPolicy()
    visual: Visual
    calls_to_action: list[CallToAction] = []
    links: dict[str, str] = {}
    history: str | None = Field(default=None, description="Example post-history CSV, relative to the profile.")
    replies: Replies | None = None

    _root: Path | None = PrivateAttr(default=None)
    # Platforms whose preferred times a manager chose from a review (contentkit.review.learn):
    # a plan keeps them instead of the times the whole history would teach.
    _chosen_times: frozenset[str] = PrivateAttr(default=frozenset())

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError(f"'{value}' is not a slug: use lower-case letters, digits and '-'")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        return _check_language(value)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{value}' is not an IANA time zone like Europe/Rome") from None
        return value

    @property
    def tz(self) -> tzinfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)

    @field_validator("other_languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        return [_check_language(v) for v in value]

    @field_validator("platforms")
    @classmethod
    def _platforms(cls, value: dict[str, PlatformPlan]) -> dict[str, PlatformPlan]:
        for name, plan in value.items():
            if name not in PLATFORMS:
                raise ValueError(f"unknown platform '{name}' (use one of: {', '.join(PLATFORMS)})")
            if plan.image_kind not in PLATFORMS[name].image_sizes:
                kinds = ", ".join(PLATFORMS[name].image_sizes)
                raise ValueError(f"{name}.image_kind '{plan.image_kind}' is not one of: {kinds}")
        return value

    @field_validator("pillars")
    @classmethod
    def _pillars(cls, value: list[Pillar]) -> list[Pillar]:
        total = sum(p.share for p in value)
        if not math.isclose(total, 1.0, abs_tol=0.011):
            shares = ", ".join(f"{p.name} {p.share:g}" for p in value)
            raise ValueError(f"pillar shares must sum to 1, they sum to {total:.3g} ({shares})")
        names = [p.name for p in value]
        if len(set(names)) != len(names):
            raise ValueError(f"pillar names repeat: {names}")
        return value

    @model_validator(mode="after")
    def _tags_disjoint(self) -> BrandProfile:
        clash = {t.lower() for t in self.hashtags.always} & {t.lower() for t in self.hashtags.banned}
        if clash:
            raise ValueError(f"hashtags both always and banned: {sorted(clash)}")
        return self

    @model_validator(mode="after")
    def _replies_in_brand_language(self) -> BrandProfile:
        if self.replies is None:
            return self
        texts = [(f"replies.canned.{i}.answer", c.answer) for i, c in enumerate(self.replies.canned)]
        texts.append(("replies.complaints.dm_message", self.replies.complaints.dm_message))
        texts.append(("replies.complaints.apology", self.replies.complaints.apology))
        texts.append(("replies.thanks", self.replies.thanks))
        for where, text in texts:
            if isinstance(text, dict) and self.language not in text:
                raise ValueError(f"{where} has texts for {', '.join(text)} but none for {self.language}, "
                                 "the brand's language: a reply falls back to it")
        return self

    @property
    def root(self) -> Path | None:
        """The profile's folder, when it was loaded from one."""
        return self._root

    def times_chosen(self, platform: str) -> bool:
        """Whether ``platform``'s preferred times were chosen from a review, so they win over learned ones."""
        return platform in self._chosen_times

    def with_chosen_times(self, platforms: set[str]) -> BrandProfile:
        """A copy whose preferred times on ``platforms`` win over the times a history teaches."""
        copy = self.model_copy()
        copy._chosen_times = frozenset(self._chosen_times | platforms)
        return copy

    def resolve(self, relative: str | None) -> Path | None:
        """A path written in the profile, relative to its folder."""
        if relative is None:
            return None
        path = Path(relative)
        return path if path.is_absolute() or self._root is None else self._root / path

    @property
    def logo_path(self) -> Path | None:
        return self.resolve(self.visual.logo)

    @property
    def history_path(self) -> Path | None:
        return self.resolve(self.history)

    @property
    def languages(self) -> list[str]:
        return [self.language, *[lang for lang in self.other_languages if lang != self.language]]

    def pillar(self, name: str) -> Pillar:
        for pillar in self.pillars:
            if pillar.name.lower() == name.strip().lower():
                return pillar
        raise BrandError(
            f"brand '{self.slug}' has no pillar '{name}'",
            field="pillars",
            hint=f"use one of: {', '.join(p.name for p in self.pillars)}",
        )


def _find_file(path_or_slug: str | Path) -> Path:
    path = Path(path_or_slug).expanduser()
    if path.is_dir():
        path = path / "brand.yaml"
    if path.suffix in {".yaml", ".yml"} or path.exists():
        if not path.is_file():
            raise BrandError("brand profile not found", file=path, hint="check the path")
        return path
    slug = str(path_or_slug)
    for folder in brand_dirs():
        candidate = folder / slug / "brand.yaml"
        if candidate.is_file():
            return candidate
    known = ", ".join(b for b in list_brands()) or "none found"
    raise BrandError(f"no brand profile '{slug}'", hint=f"known brands: {known}; or give a path to a folder with brand.yaml")


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BrandError("file is not UTF-8 text", file=path, hint="save it as UTF-8") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise BrandError(f"YAML syntax error at {where}{exc.problem}", file=path) from None
    if not isinstance(data, dict):
        raise BrandError("expected a mapping of fields (name: ..., slug: ...) at the top", file=path)
    return data


def _field_of(error: dict) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def _message_of(error: dict) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return "unknown key (check its spelling or remove it)"
    if kind == "missing":
        return "required field is missing"
    msg = msg.removeprefix("Value error, ")
    if kind not in {"value_error", "assertion_error"}:
        msg += f" (got {error.get('input')!r})"
    if kind == "string_type" and isinstance(error.get("input"), dict):
        msg += "; a line with ': ' inside is read as a mapping, put it in quotes"
    return msg


def _check_files(brand: BrandProfile, path: Path) -> None:
    import warnings

    from PIL import Image, UnidentifiedImageError  # Pillow only when a profile is loaded

    logo = brand.logo_path
    if logo is not None:
        if not logo.is_file():
            raise BrandError(f"logo file '{brand.visual.logo}' not found", file=path, field="visual.logo")
        try:
            # A huge logo is refused rather than decoded: it may be a decompression bomb.
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(logo) as image:
                    image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
                Image.DecompressionBombWarning) as exc:
            raise BrandError(f"logo '{brand.visual.logo}' is not a readable image ({exc})",
                             file=path, field="visual.logo") from None
    for role in ("heading", "body"):
        font = getattr(brand.visual.fonts, role)
        font_path = brand.resolve(font)
        if font_path is not None and not font_path.is_file():
            raise BrandError(f"font file '{font}' not found", file=path, field=f"visual.fonts.{role}")
    history = brand.history_path
    if history is not None and not history.is_file():
        raise BrandError(f"history file '{brand.history}' not found", file=path, field="history")


def load_brand(path_or_slug: str | Path) -> BrandProfile:
    """Load and validate a brand profile from a folder, a brand.yaml, or a slug."""
    if isinstance(path_or_slug, BrandProfile):
        return path_or_slug
    if not isinstance(path_or_slug, (str, os.PathLike)):
        raise BrandError(f"expected a brand slug, folder or brand.yaml path, got {path_or_slug!r}",
                         field="path_or_slug", hint="e.g. load_brand('aurora-caffe')")
    path = _find_file(path_or_slug)
    data = _read_yaml(path)
    try:
        brand = BrandProfile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise BrandError(_message_of(first) + more, file=path, field=_field_of(first)) from None
    brand._root = path.parent.resolve()
    _check_files(brand, path)
    return brand


def list_brands() -> list[str]:
    """Slugs of the brand profiles found in the brand folders, first folder wins."""
    seen: dict[str, None] = {}
    for folder in brand_dirs():
        if folder.is_dir():
            for profile in sorted(folder.glob("*/brand.yaml")):
                seen.setdefault(profile.parent.name, None)
    return list(seen)
