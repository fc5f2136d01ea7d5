"""Everything together: one reply of a model repaired into a post, and what is still wrong with it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..language_codes import language_name
from ..platforms import text_length
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
from .echoes import (
    copies_example,
    drop_assistant_talk,
    drop_copied_sentences,
    drop_echoed_instructions,
    drop_made_up_dialogue,
    drop_repeats,
)
from .facts import brand_words, profile_facts
from .fit import DEFAULT_MIN_WORDS, MIN_WORDS, add_tags, find_banned, platform_limit, remove_banned
from .form import (
    drop_bare_tag_lines,
    drop_code,
    drop_headings,
    drop_topic_lines,
    drop_unfinished,
    strip_wrapping,
    tidy_lists,
    unquote_paragraphs,
)
from .text import BROKEN_TAG_RUN_END, DANGLING_LABEL, TAG_RE, has_content, strip_hashtags, unquote, word_count
from .words import (detect, drop_foreign_sentences, drop_misspelled, drop_neighbour_letters, drop_stray_latin,
                    strip_foreign_script)

if TYPE_CHECKING:
    from ..brand import BrandProfile


@dataclass
class Review:
    """What :func:`review` made of a reply."""

    text: str
    language: str
    problems: list[str] = field(default_factory=list)
    """Reasons to ask the model again: "empty", "copy", "language", "banned"."""
    warnings: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    own: float = 1.0
    """The share of the text's words the model wrote itself, not taken from what it was given
    (set by the caller, who knows what was given: contentkit.writing.gate.own_share)."""
    whole: bool = False
    """The post is one of the brand's own statements, whole, and what the format adds to it
    (set by the caller: contentkit.drafting)."""


def review(raw: str, brand: BrandProfile, platform: str, *, language: str | None = None,
           with_image: bool = False, echo: Iterable[str] = (), examples: Iterable[str] = (),
           material: Iterable[str] = (), cut_off: bool = False, topic: str = "",
           assembled: bool = False) -> Review:
    """Repair ``raw`` into a post for ``brand`` on ``platform`` and say what is still wrong.

    The returned text always fits the platform and holds no invented hashtags or banned
    words; ``problems`` lists what a new attempt could fix, ``warnings`` what the text
    still lacks if none is made. ``assembled``: the text was put together by code from a
    format's fields (contentkit.writing.formats), whose schema makes wrappers, code, headings,
    tag lines and scripted dialogue impossible: the checks of form are skipped, since on such
    a post they only mistake its hook for a headline or its list for a broken one.
    """
    expected = (language or brand.language).lower()
    examples, echo, material = list(examples), list(echo), list(material)
    repairs: list[str] = []
    text, code = raw.strip(), 0
    if not assembled:
        text = strip_wrapping(raw, echo)
        if text != raw.strip():
            repairs.append("removed text around the post")
    if TAG_RE.search(text) or BROKEN_TAG_RUN_END.search(text):
        text = strip_hashtags(text)
        repairs.append("removed hashtags the model wrote")
    if not assembled:
        text, bare = drop_bare_tag_lines(text)
        if bare:
            repairs.append("removed hashtags the model wrote without their #")
        text, code = drop_code(text)
        if code:
            repairs.append(f"took the post out of the code or data around it ({code} line{'s' if code > 1 else ''})")
    # The line listing the banned words is no instruction to parrot: those words are the banned check's.
    told = [line for line in echo if not find_banned(line, brand.voice.banned_words)]
    text, parroted = drop_echoed_instructions(text, told, profile_facts(brand, [*examples, *material, topic]))
    if parroted:
        repairs.append(f"removed {parroted} sentence{'s' if parroted > 1 else ''} repeating the instructions")
    headed = scripted = 0
    if not assembled:
        text, headed = drop_headings(text, brand, [*examples, *material])
        if headed:
            repairs.append(f"removed {headed} headline{'s' if headed > 1 else ''} a post does not have")
    text, greeted = drop_persona_address(text, brand)
    if greeted:
        repairs.append("removed a greeting to one of the profile's personas")
    if not assembled:
        text, scripted = drop_made_up_dialogue(text, brand.name)
        if scripted:
            repairs.append(f"removed {scripted} line{'s' if scripted > 1 else ''} of a dialogue the model made up")
    text, foreign = strip_foreign_script(text, expected)
    if foreign:
        repairs.append(f"removed {foreign} characters in a script {language_name(expected)} does not use")
    text, english = drop_foreign_sentences(text, expected, brand.languages)
    if english:
        repairs.append(f"removed {english} sentence{'s' if english > 1 else ''} in English")
    text, offers = drop_invented_offers(text, brand)
    if offers:
        repairs.append(f"removed {offers} sentence{'s' if offers > 1 else ''} with a price or discount the profile does not state")
    text, moments = drop_invented_moments(text, brand, [*examples, *material, topic])
    if moments:
        repairs.append(f"removed {moments} sentence{'s' if moments > 1 else ''} with a date or time the "
                       "profile does not state")
    own_words = brand_words(brand, [*examples, *material, topic])  # the topic's "домашку" is the brand's word
    text, neighbour = drop_neighbour_letters(text, expected, own_words)
    if neighbour:
        repairs.append(f"removed {neighbour} sentence{'s' if neighbour > 1 else ''} with letters "
                       f"{language_name(expected)} does not have")
    text, stray = drop_stray_latin(text, expected, own_words)
    if stray:
        repairs.append(f"removed {stray} sentence{'s' if stray > 1 else ''} with English words in "
                       f"{language_name(expected)}")
    text, chatty = drop_assistant_talk(text)
    if chatty:
        repairs.append("removed lines a chat assistant would say, or quotes put in someone's mouth")
    text, lifted = drop_copied_sentences(text, examples)
    if lifted:
        repairs.append(f"removed {lifted} sentence{'s' if lifted > 1 else ''} copied from the example posts")
    # The profile's description is there to inform the post, not to open it: read across a plan,
    # the same "Aurora Caffè è una torrefazione di quartiere…" in three posts is one post.
    profile_text = [brand.description or "", *(p.description or "" for p in brand.pillars)]
    # Ten words, not eight: "Tostiamo in sede piccoli lotti di specialty coffee" is a fact a post
    # may state; the description read back is longer.
    text, described = drop_copied_sentences(text, profile_text, run=10)
    if described:
        repairs.append(f"removed {described} sentence{'s' if described > 1 else ''} copied from the "
                       "brand's description or a pillar's")
    text, links = drop_invented_links(text, brand)
    text, emails = drop_invented_emails(text, brand, [*examples, *material])
    if emails:
        repairs.append(f"removed {emails} sentence{'s' if emails > 1 else ''} with an e-mail address the "
                       "profile does not give")
    text, mentions = drop_invented_mentions(text, brand, [*examples, *material])
    if mentions:
        repairs.append(f"removed {mentions} @handle{'s' if mentions > 1 else ''} the profile does not give")
    if links:
        repairs.append(f"removed {links} link{'s' if links > 1 else ''} the profile does not give")
    defined_text, defined = drop_self_definitions(text, brand, expected)
    only_defines = bool(defined) and not has_content(defined_text)
    if defined and not only_defines:
        text = defined_text
        repairs.append(f"removed {defined} sentence{'s' if defined > 1 else ''} saying what {brand.name} is")
    text, singular = drop_first_person(text, expected, brand.name)
    if singular:
        repairs.append(f"removed {singular} sentence{'s' if singular > 1 else ''} where the brand said "
                       "\"I\" instead of \"we\"")
    words_before, misspelled, kept_all = word_count(text), [], False
    # A post in the wrong language is the language check's to ask again, not this one's to empty.
    if has_content(text) and detect(text, expected, brand.languages) in (expected, "und"):
        cleaned, misspelled = drop_misspelled(text, expected, own_words)
        # Nothing real left: keep the text for a person to judge ("spelling" below) rather than
        # hand back an empty post.
        kept_all = not has_content(cleaned)
        text = text if kept_all else cleaned
    if misspelled and not kept_all:
        repairs.append(f"removed sentences with words {language_name(expected)} does not have: "
                       + ", ".join(dict.fromkeys(misspelled)))
    if not assembled:
        if chatty or lifted or described or singular or misspelled:  # a label whose lines went ("Citazioni:") goes too
            text = DANGLING_LABEL.sub("", text).strip()
    text = drop_repeats(text)
    if not assembled:
        if cut_off:  # the model ran out of tokens mid-sentence
            text = tidy_lists(drop_unfinished(text))
        text = drop_topic_lines(unquote_paragraphs(text), topic)
        # A last line that announces what follows ("Quindi, rispondi qui sotto:") has nothing after it.
        text = re.sub(r"\n?[^\n:]{1,60}:[ \t]*\Z", "", text).strip() or text
        if parroted or chatty:  # what wrapped the post in quotes may have been the lines that went
            text = unquote(text.strip())
    found = find_banned(text, brand.voice.banned_words)
    result = Review(text="", language="und", repairs=repairs)
    if found:
        text = remove_banned(text, found)
        result.problems.append("banned")
        result.warnings.append(f"removed banned words: {', '.join(found)}")
    if not has_content(text):
        result.problems.append("empty")
        result.warnings.append("the model returned no usable text")
        return result
    if code:
        result.problems.append("code")
        result.warnings.append("the model wrote the post as code or data; its text was taken out of it: "
                               "read it before posting")
    if misspelled and (kept_all or word_count(text) * 3 < words_before * 2):
        result.problems.append("spelling")
        result.warnings.append(f"a third of the text had words {language_name(expected)} does not have: "
                               + ", ".join(dict.fromkeys(misspelled)))
    words, needed = word_count(text), MIN_WORDS.get(platform, DEFAULT_MIN_WORDS)
    # An assembled post has all its parts (the caller checks): a poll's question and options
    # are short by design, and "Freddo o caldo?" says all it has to.
    if words < needed and not assembled:
        result.problems.append("short")
        result.warnings.append(f"only {words} words: too short to say anything about the topic")
    if copies_example(text, examples):
        result.problems.append("copy")
        result.warnings.append("the text repeats one of the brand's example posts")
    elif copies_example(text, [t for t in profile_text if t]):
        result.problems.append("copy")
        result.warnings.append("the text repeats the brand's description or a pillar's")
    elif only_defines:
        result.problems.append("copy")
        result.warnings.append(f"the text only says what {brand.name} is, not anything about the topic")
    result.language = detect(text, expected, brand.languages)
    if result.language not in (expected, "und"):
        result.problems.append("language")
        result.warnings.append(f"asked for {language_name(expected)} ({expected}), the text reads as "
                               f"{language_name(result.language)} ({result.language})")
    limit = platform_limit(platform, with_image=with_image)
    if text_length(text, platform) > limit:
        repairs.append(f"cut to the {limit}-character limit")
    result.text = add_tags(text, brand.hashtags.always, platform, max_tags=brand.hashtags.max,
                           with_image=with_image)
    if not has_content(result.text):
        result.problems.append("empty")
        result.warnings.append("nothing was left after cutting the text to the platform limit")
    return result
