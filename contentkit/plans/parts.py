"""The pieces a plan run assembles per post: learned posting times, topic ideas,
hashtags and the image. Kept out of runner.py so the runner reads as one story."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING

from ..brand import BrandProfile
from ..platforms import get_platform
from .model import Slot
from .slots import BestTimes

if TYPE_CHECKING:
    from ..hashtags.for_posts import TagRotation
    from ..hashtags.suggester import HashtagSuggester, Suggestion
    from ..history import PostHistory
    from ..llm.base import Backend, Completion, Messages
    from .request_pool import RequestPool
    from .topics import Ideator

_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+")

MIN_POSTS_PER_HOUR = 4
"""An hour of the day needs this many past posts on a platform before its ER counts."""



def best_times_from_history(history: PostHistory, brand: BrandProfile) -> BestTimes:
    """Per platform, the two hours of the day whose posts beat the account's median ER most
    (in the brand's zone), used for every weekday; platforms with too few posts are left
    to the brand's preferred times."""
    posts = history.posts.dropna(subset=["rel_er"])
    if "platform" not in posts or posts.empty:
        return {}
    when = posts["published_at"]
    if when.dt.tz is not None:
        when = when.dt.tz_convert(brand.timezone)
    keys = [posts["platform"].astype(str).str.lower().to_numpy(), when.dt.hour.to_numpy()]
    stats = posts["rel_er"].groupby(keys).agg(["median", "size"])
    stats = stats[stats["size"] >= MIN_POSTS_PER_HOUR].sort_values("median", ascending=False, kind="stable")
    best: dict[str, dict[int, list[time]]] = {}
    for platform in brand.platforms:
        if platform not in stats.index.get_level_values(0) or brand.times_chosen(platform):
            continue
        minutes = {t.hour: t.minute for t in brand.platforms[platform].preferred_times}
        hours = [time(int(h), minutes.get(int(h), 0)) for h in stats.loc[platform].index[:2]]
        if hours:
            best[platform] = {weekday: hours for weekday in range(7)}
    return best


def make_ideator(brand: BrandProfile, backend: Backend, pool: RequestPool | None = None,
                 asked: Callable[[], None] | None = None, day: date | None = None) -> Ideator:
    """Topic ideas from the model, one request per pillar, kept only when they are in the
    brand's language. With a ``pool`` (a plan's request threads) and a backend that serves
    requests in parallel, each reply is handed on as it arrives, ahead of queued drafts.
    ``asked`` hears when the requests are out: a plan starts its CPU work then. An idea out
    of season on ``day`` ("gelato d'estate" for December) is dropped: the model is not told
    the date, and a wrong season reads as a copy-paste from last year.
    A model known not to write the brand's language, or too small to ideate well, is not
    asked: its ideas would be vague or repeated, and the profile's and history's are better."""
    from concurrent.futures import as_completed

    from ..prompts import ideas_messages
    from ..seasons import in_season
    from .topics import in_language, parse_topic_lines

    if not backend.plans_topics_in(brand.language):
        return lambda requests: [(index, []) for index in range(len(requests))]

    def ideas(reply: Completion | BaseException) -> Iterator[str]:
        # Lazy: a reply holds spare ideas, and detection is the costly part of reading one.
        lines = [] if isinstance(reply, BaseException) else parse_topic_lines(reply.text)
        return (line for line in lines if in_language(line, brand.language) and in_season(line, day, brand.language))

    def ask(conversation: Messages) -> Completion:
        return backend.complete(conversation, max_tokens=160, temperature=0.9)

    def ideate(requests: list[tuple]) -> Iterator[tuple[int, Iterator[str]]]:
        conversations = [ideas_messages(brand, pillar, count=count, avoid=avoid)
                         for pillar, count, avoid in requests]
        if pool is None or not backend.concurrent:
            if asked is not None:
                asked()
            yield from enumerate(map(ideas, backend.complete_many(conversations, max_tokens=160, temperature=0.9)))
            return
        futures = {pool.submit(ask, c, urgent=True): index for index, c in enumerate(conversations)}
        if asked is not None:
            asked()
        for future in as_completed(futures):
            yield futures[future], ideas(future.exception() or future.result())

    return ideate


def history_themes(history: PostHistory | None, limit: int = 60, *, day: date | None = None,
                   language: str | None = None) -> list[str]:
    """Opening lines of the brand's best past posts (by ER against the account's median),
    as topics to come back to when the model has no ideas of its own; none of a post out of
    season on ``day`` (contentkit.seasons), whose ``language`` words tell the season."""
    from ..images.for_posts import sentences
    from ..seasons import in_season
    from .topics import is_near_duplicate

    if history is None or len(history) == 0:
        return []
    posts = history.posts.sort_values("rel_er", ascending=False, na_position="last", kind="stable")
    themes: list[str] = []
    for text in posts["text"]:
        if not in_season(str(text), day, language):
            continue
        # An emoji often ends a sentence in a caption: it counts as a full stop here.
        first_line = _EMOJI.sub(". ", str(text).strip().split("\n", 1)[0])
        first = " ".join(next(iter(sentences(first_line)), "").split()).strip(" .!?:;,-–—")
        if 3 <= len(first) <= 90 and len(first.split()) >= 2 and not is_near_duplicate(first, themes):
            themes.append(first)
            if len(themes) >= limit:
                break
    return themes


def train_suggester(history: PostHistory | None) -> tuple[HashtagSuggester | None, str | None]:
    """A suggester fitted on the history, and the account with the most posts in it."""
    if history is None or len(history) == 0:
        return None, None
    from ..errors import HistoryError
    from ..hashtags.suggester import HashtagSuggester

    account = str(history.posts["account"].value_counts().idxmax())
    try:
        return HashtagSuggester().fit(history), account
    except HistoryError:  # a history without hashtags teaches times, not tags
        return None, account


def pick_hashtags(model: HashtagSuggester | None, brand: BrandProfile, text: str, platform: str,
                  account: str | None, *, pillar: str | None = None, topic: str = "",
                  rotation: TagRotation | None = None,
                  vocabulary: frozenset[str] | None = None) -> list[Suggestion]:
    """Hashtags to add to a draft, each with its reason: the profile's own, learned ones
    that fit this post, then its key words, within what the platform takes beside the tags
    the text already carries (see hashtags.for_posts). A brand without a model still gets
    tags from its profile and the post's words."""
    from ..hashtags.for_posts import tags_for_post

    return tags_for_post(model, brand, text, platform, account=account, pillar=pillar, topic=topic,
                         rotation=rotation, vocabulary=vocabulary)


def added_and_reasons(picked: list[Suggestion], text: str) -> tuple[list[str], dict[str, str]]:
    """The tags to add after ``text`` (those it does not carry yet), and the reason for
    every tag of the post, the ones already in the text included."""
    from ..tags import tag_key, tags_in_text

    written = {tag_key(t) for t in tags_in_text(text)}
    return [s.tag for s in picked if tag_key(s.tag) not in written], {s.tag: s.reason for s in picked}


def make_image(brand: BrandProfile, slot: Slot, topic: str, text: str, out: Path) -> tuple[str, str, str]:
    """Compose and save the slot's image (and a carousel's further slides as ``<id>-2.png``...);
    returns (path relative to ``out``, alt text, layout)."""
    from ..images.compose import save_image
    from ..images.for_posts import plan_layout, post_images

    layout = plan_layout(brand, slot.pillar, slot.platform)
    first, *rest = post_images(brand, topic, text, slot.platform, layout)
    folder = out / "images"
    folder.mkdir(parents=True, exist_ok=True)
    for number, slide in enumerate(rest, start=2):
        save_image(slide, folder / f"{slot.id}-{number}.png")
    save_image(first, folder / f"{slot.id}.png")
    return f"images/{slot.id}.png", str(first.info.get("alt", "")), layout
