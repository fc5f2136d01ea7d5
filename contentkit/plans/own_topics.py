"""Posts that choose their own topic, to fill a plan's first round trip.

A plan's first round trip asks for topic ideas, one request per pillar, and drafts wait
for them, so most request threads sit idle during it. A pillar can instead have each of its
posts drafted by a request that also chooses the post's topic (not one already taken,
starting from a different reader problem each): those requests run at once, beside the
idea lists. A plan does that for the pillars that save it a round trip (never for all of
them: an ideas list, where the model sees its ideas side by side, gives a plan its variety),
then for single posts of the largest pillars while request threads would still sit idle.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence

from ..brand import BrandProfile
from ..llm.base import Messages
from .model import Slot

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_TAG_OR_LINK = re.compile(r"[#@]\w+|https?://\S+")


def round_trips(counts: Mapping[str, int], own: Mapping[str, int], concurrency: int) -> int:
    """Round trips a plan needs when ``own[pillar]`` posts of a pillar choose their own
    topics and the rest are ideated first (one request per pillar that has any left),
    ``concurrency`` requests at a time."""
    drafts = sum(counts.values())
    ideation = sum(1 for pillar, n in counts.items() if n > own.get(pillar, 0))
    if ideation == 0:
        return math.ceil(drafts / concurrency)
    # Own-topic drafts fill what the idea lists leave free in the first round trip.
    first = min(max(0, concurrency - ideation), sum(own.values()))
    return math.ceil(ideation / concurrency) + math.ceil((drafts - first) / concurrency)


def own_topic_counts(counts: Mapping[str, int], concurrency: int) -> dict[str, int]:
    """How many posts of each pillar (name -> posts to draft) choose their own topics.

    Whole pillars first: the fewest posts that save the most round trips, never every pillar.
    Then whatever the first round trip still leaves idle goes to the largest ideated pillars,
    one post at a time, each keeping at least two ideated posts: no round trip is saved, but
    the last round trip is shorter, and a retry or a second round of ideas fits in it.
    """
    names = sorted(counts)
    choices = [set(c) for size in range(len(names)) for c in itertools.combinations(names, size)] or [set()]
    whole = min(choices, key=lambda own: (round_trips(counts, {p: counts[p] for p in own}, concurrency),
                                         sum(counts[p] for p in own)))
    own = {pillar: counts[pillar] for pillar in whole}
    listed = sorted((p for p in names if p not in whole), key=lambda p: -counts[p])
    idle = concurrency - len(listed) - sum(own.values())
    while idle > 0:
        takers = [p for p in listed if counts[p] - own.get(p, 0) > 2]
        if not takers:
            break
        for pillar in takers[:idle]:
            own[pillar] = own.get(pillar, 0) + 1
            idle -= 1
    return {pillar: n for pillar, n in own.items() if n}


def angles(brand: BrandProfile, count: int, start: int = 0) -> list[tuple[str | None, str | None]]:
    """(reader problem, its persona's name) for ``count`` own-topic posts, each a different
    problem while they last, so that posts asked at the same time choose different topics."""
    problems = [(problem, persona.name) for persona in brand.personas for problem in persona.problems]
    if not problems:
        return [(None, None)] * count
    return [problems[(start + i) % len(problems)] for i in range(count)]


def own_topic_messages(brand: BrandProfile, slot: Slot, taken: Sequence[str], angle: str | None,
                       persona: str | None) -> Messages:
    """The request for a post of ``slot`` that chooses its own topic (see prompts/own_topic.j2)."""
    from ..drafting import Brief, pick_call_to_action
    from ..prompts import post_messages

    # The call to action is picked by a stable key: the slot, as the topic is not known yet.
    cta = pick_call_to_action(brand, Brief(topic=f"{slot.platform} {slot.when:%Y%m%d%H%M}",
                                           platform=slot.platform))
    return post_messages(brand, None, platform=slot.platform, pillar=brand.pillar(slot.pillar),
                         call_to_action=cta, persona=persona, taken=taken, angle=angle)


def settle_own_topic(brand: BrandProfile, named: str | None, post: str) -> str | None:
    """The topic a reply chose, if it named one in the brand's language (it also heads the
    post's image); else the post's own first sentence."""
    from .topics import in_language

    if named and in_language(named, brand.language):
        return named
    return topic_from_post(post)


def topic_from_post(post: str) -> str | None:
    """A topic for a post whose reply named none: its first sentence, in at most 12 words."""
    text = _TAG_OR_LINK.sub("", post).strip()
    first = _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""
    words = first.split()[:12]
    topic = " ".join(words).strip(" .,;:!?…-–—\"'«»")
    return topic if len(topic.split()) >= 2 else None
