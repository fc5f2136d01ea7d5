"""Checks and repairs that make whatever a model returned into a usable post.

A small model wraps its post in preambles, role labels, quotes and special tokens, invents
hashtags, loops, drifts into English and runs past the platform's limit. :func:`review`
repairs what can be repaired in place and names what can only be fixed by asking again
(``"empty"``, ``"short"``, ``"copy"``, ``"language"``, ``"banned"``); the caller regenerates once for those.
"""

from __future__ import annotations

from .text import ELLIPSIS, has_content, strip_hashtags, word_count
from .facts import brand_words, profile_facts, stated_text
from .form import (
    drop_bare_tag_lines,
    drop_code,
    drop_headings,
    drop_topic_lines,
    drop_unfinished,
    strip_wrapping,
    tidy_lists,
)
from .echoes import (
    ECHO_RUN,
    NEAR_REPEAT,
    copies_example,
    drop_assistant_talk,
    drop_copied_sentences,
    drop_echoed_instructions,
    drop_made_up_dialogue,
    drop_repeats,
)
from .claims import (
    drop_first_person,
    drop_invented_emails,
    drop_invented_links,
    drop_invented_mentions,
    drop_invented_moments,
    drop_invented_offers,
    drop_persona_address,
    drop_self_definitions,
)
from .words import (detect, drop_foreign_sentences, drop_misspelled, drop_neighbour_letters, drop_stray_latin,
                    strip_foreign_script)
from .fit import add_tags, find_banned, fit_to_limit, platform_limit, remove_banned
from .review import Review, review

__all__ = [
    "ELLIPSIS", "has_content", "strip_hashtags", "word_count", "brand_words", "profile_facts",
    "stated_text", "drop_bare_tag_lines", "drop_code", "drop_headings", "drop_topic_lines",
    "drop_unfinished", "strip_wrapping", "tidy_lists", "ECHO_RUN", "NEAR_REPEAT", "copies_example",
    "drop_assistant_talk", "drop_copied_sentences", "drop_echoed_instructions", "drop_made_up_dialogue",
    "drop_repeats", "drop_first_person", "drop_invented_emails", "drop_invented_links",
    "drop_invented_mentions", "drop_invented_moments", "drop_invented_offers", "drop_persona_address",
    "drop_self_definitions", "detect", "drop_foreign_sentences", "drop_misspelled", "drop_neighbour_letters",
    "drop_stray_latin",
    "strip_foreign_script", "add_tags", "find_banned", "fit_to_limit", "platform_limit",
    "remove_banned", "Review", "review"
]
