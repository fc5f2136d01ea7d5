"""The form of a post: what a model wraps around it (tokens, role labels, preambles, fences,
labels, titles, quotes), writes as a document or as code, or leaves unfinished."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import regex

from ..seasons import season_months
from .facts import profile_facts
from .text import TAG_RE, TAG_RUN_END, WORDS_OF, has_content, norm, tidy_spaces, unquote

if TYPE_CHECKING:
    from ..brand import BrandProfile


_END_TOKEN = re.compile(r"<\|im_end\|>|<\|endoftext\|>|<\|eot_id\|>|</s>|<end_of_turn>", re.IGNORECASE)
_SPECIAL_TOKEN = re.compile(r"<\|[^|>\s]{1,40}\|>(?:\s*(?:assistant|system|user)\b)?|<s>|\[/?INST\]|<</?SYS>>"
                            r"|<start_of_turn>(?:model|user)?", re.IGNORECASE)
_LEADING_ROLE = re.compile(r"^\s*(?:assistant|ai|bot|copywriter)\s*:\s*", re.IGNORECASE)
# A later turn the model made up: everything from it on is not the post.
_NEW_TURN = re.compile(r"(?im)^\s*(?:user|system|human|assistant)\s*:")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_PLACEHOLDER = re.compile(r"\[(?:insert|your|add|link|name|date|brand|url|cta|topic)\b[^\]\n]{0,40}\]", re.IGNORECASE)
_INLINE_CODE = re.compile(r"```[^`\n]*```")  # "```image: torta_a_barista```": a stand-in, not text
_STRAY_FENCE = re.compile(r"```(?:(?:json|python|text|txt|markdown|md|plaintext|html|yaml)\b)?[ \t]*")
_FENCE_LINE = re.compile(r"(?m)^\s*(?:```|~~~)\w*\s*$")
# "Sure! Here's a post for Instagram:" and the same in the brand languages.
# Only words a post would not open with, and only when a post-like noun precedes the colon:
# "Ecco il nuovo lotto: Etiopia" is a post, "Ecco il post:" is not.
_PREAMBLE = re.compile(
    r"^\s*(?:(?:(?:yes|sì|si|да|sí|oui|ja)\s*,\s*)?(?:sure|certainly|of course|absolutely|okay|ok|certo|certamente|"
    r"конечно|хорошо|claro|por supuesto|bien sûr|natürlich|klar)\s*[!,.]+\s*)?"
    r"(?:(?:here(?:'s| is| are)|below is|ecco|вот|aquí (?:está|tienes)|voici|hier ist)\b[^\n:]{0,60}?"
    r"\b(?:post|caption|tweet|thread|draft|version|didascalia|bozza|пост|текст|вариант|"
    r"publicación|texto|publication|beitrag)\b[^\n:]{0,40}:\s*)?",
    re.IGNORECASE,
)
_LABEL_LINE = re.compile(
    r"(?im)^\s*\**\s*(?:[\w'’ ]{0,30}\b)?(?:post|caption|didascalia|testo|пост|текст|подпись|"
    r"publicación|title|titolo|заголовок|contenuto|content|содержание|corpo|body)\s*\**\s*:\s*\**\s*$"
    r"|^\s*\**\s*(?:contenuto|content|содержание|corpo|body)\s*\**\s*$")
# "Titolo: Nuovi lotti di specialty coffee - Aurora Caffè": the model filling in a form.
_TITLE_LINE = re.compile(r"(?im)^[ \t]*\**[ \t]*(?:titolo|title|заголовок|subject)[ \t]*\**[ \t]*:.*$")
# Markdown that social platforms show as it is: "### Title", "**bold**", "__bold__" (a hashtag
# has no space after its "#", so it is not a heading).
_MARKDOWN = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+|\*\*|__(?=\w)|(?<=\w)__")
# A line that is only a bracketed stand-in: "[Телеграм-канал]", "[link]".
_BRACKET_LINE = re.compile(r"(?m)^[ \t]*\[[^\]\n]{1,40}\][ \t]*$")
# A list item with nothing after its number or bullet ("6." where the budget ran out), or a
# separator line ("---").
_EMPTY_ITEM = re.compile(r"(?m)^[ \t]*(?:\d{1,2}[.)]|[-*•–—])?[ \t]*(?:-{3,}|_{3,}|\*{3,})?[ \t]*$"
                         r"|^[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]*$"
                         r"|^[ \t]*\d{1,2}[.)](?:[ \t]*[^\w\s])*[ \t]*$")  # "4. 😎"


def strip_wrapping(text: str, echo: Iterable[str] = ()) -> str:
    """The post without special tokens, role labels, preambles, template text, fences,
    labels, lines echoed from the prompt (``echo``) and surrounding quotes."""
    text = _END_TOKEN.split(text, maxsplit=1)[0]
    text = _SPECIAL_TOKEN.sub("", text)
    text = _LEADING_ROLE.sub("", text, count=1)
    turn = _NEW_TURN.search(text)
    if turn and turn.start() > 0:
        text = text[:turn.start()]
    text = _TEMPLATE.sub("", text)
    text = _PLACEHOLDER.sub("", text)
    text = _FENCE_LINE.sub("", text)
    text = _INLINE_CODE.sub("", text)
    text = _MARKDOWN.sub("", text)
    text = _BRACKET_LINE.sub("", text)
    text = _EMPTY_ITEM.sub("", text)
    text = _LABEL_LINE.sub("", text)
    titled = _TITLE_LINE.sub("", text)
    text = titled if has_content(titled) else text
    echoed = {norm(line) for line in echo if len(line.strip()) >= 12}
    lines = [line for line in text.splitlines() if norm(line) not in echoed]
    text = _STRAY_FENCE.sub("", "\n".join(lines)).strip()  # after the echo: the prompt's own lines hold fences
    opened = _PREAMBLE.sub("", text, count=1).strip()
    if opened != text and opened[:1].islower():  # "Absolutely, you can…": the sentence now starts here
        opened = opened[:1].upper() + opened[1:]
    return unquote(opened)


def unquote_paragraphs(text: str) -> str:
    """Every paragraph in quotes ('"Al momento…"\n\n"Scopri…"', or the one paragraph there is,
    once the checks took what followed it) is the model quoting its own
    post piece by piece: the quotes go. One quoted paragraph among others is a quote, and stays.
    A line with a single quote mark at its start or end has lost its pair: the mark goes."""
    text = "\n".join(_lone_quote(line) for line in text.split("\n"))
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip() and not TAG_RUN_END.fullmatch(p.strip())]
    if not paragraphs or any(unquote(p.strip()) == p.strip() for p in paragraphs):
        return text
    return "\n\n".join(unquote(p.strip()) for p in re.split(r"\n\s*\n", text) if p.strip())


def _lone_quote(line: str) -> str:
    if line.count('"') != 1:
        return line
    bare = line.strip()
    return bare[1:].lstrip() if bare.startswith('"') else bare[:-1].rstrip() if bare.endswith('"') else line


def drop_topic_lines(text: str, topic: str) -> str:
    """A line that only says the topic again ("Dolci di stagione") is the brief, not the post."""
    key = norm(topic).strip(" .!?:…")
    if len(key) < 4:
        return text
    kept = [line for line in text.split("\n") if norm(unquote(line.strip())).strip(" .!?:…") != key]
    result = "\n".join(kept).strip()
    return tidy_spaces(result) if has_content(result) else text


# "Caffè LatteArt IsolaMilano": the tags the model meant, written without their "#". A word
# with a capital inside it is no word of the languages a post is written in.
_JOINED_WORD = regex.compile(r"^\p{Lu}?\p{Ll}+(?:\p{Lu}\p{Ll}+)+$")
_SENTENCE_MARK = regex.compile(r"[.!?,;:…]")


# What ends a sentence before a run of bare tags: a mark, or an emoji ("… ecco il segreto! 🍵️ Caffè LatteArt").
_BEFORE_TAGS = regex.compile(r"^(.*[.!?…\p{Extended_Pictographic}\uFE0F])\s+([^.!?…\p{Extended_Pictographic}]+?)(\s*[\"”»]?)$")


def _bare_tags(words: list[str]) -> bool:
    joined = sum(bool(_JOINED_WORD.match(w)) for w in words)
    return 2 <= len(words) <= 12 and joined * 2 >= len(words)


def drop_bare_tag_lines(text: str) -> tuple[str, int]:
    """Remove tags written without their "#": a short line, or the end of one after its last
    sentence, with no sentence in it and at least half its words joined from two ("LatteArt")."""
    kept, dropped = [], 0
    for line in text.split("\n"):
        if _bare_tags(line.strip(" \"“”«»").split()) and not _SENTENCE_MARK.search(line):
            dropped += 1
            continue
        tail = _BEFORE_TAGS.match(line)
        if tail and _bare_tags(tail.group(2).split()) and not _SENTENCE_MARK.search(tail.group(2)):
            line = tail.group(1) + tail.group(3)
            dropped += 1
        kept.append(line)
    result = "\n".join(kept).strip()
    return (result, dropped) if dropped and has_content(result) else (text, 0)


_SECTION = regex.compile(r"\p{Lu}[\p{L}'’]*(?: [\p{L}'’]+){0,3}")


def drop_headings(text: str, brand: BrandProfile, given: Iterable[str] = ()) -> tuple[str, int]:
    """Remove headline lines a document has and a post does not: Title Case ("Советы
    Родительского Поддержания", "La Nostra Voce: Un'Altra Opzione") or the brand's name as a
    header ("Школа Умников: Успехи и проекты учеников"). Capitals the profile or the brand's
    posts (``given``) write themselves (names, places, products) do not count."""
    names = {w for fact in profile_facts(brand, given) for w in WORDS_OF.findall(fact) if w[:1].isupper()}
    lead = norm(brand.name) + ":"

    def heading(line: str) -> bool:
        bare = line.strip().strip("*_ ")
        if not bare or bare[-1] in ".!?…:;,»\"”)" or TAG_RE.search(bare) or len(bare) > 120:
            return False
        if norm(bare).startswith(lead):
            return True
        words = [w for w in WORDS_OF.findall(bare)[1:] if len(w) > 3 and w not in names]
        capital = sum(w[:1].isupper() for w in words)
        # A holiday's capitals are a greeting ("С Новым годом и Рождеством"), not a headline.
        return capital >= 2 and capital * 2 >= len(words) and not season_months(bare)

    lines = text.split("\n")
    # "Dolci di Stagione", "Corsi", "Eventi": short lines that each open a paragraph below them
    # divide the post into a document's sections; one alone may be the post's opening line.
    def opens_paragraph(i: int) -> bool:  # text on the next line, or after one blank line
        below = [line.strip() for line in lines[i + 1:i + 3]]
        return bool(below and (below[0] or (len(below) > 1 and below[1])))

    sections = {i for i, line in enumerate(lines) if _SECTION.fullmatch(line.strip()) and opens_paragraph(i)
                and (i == 0 or not lines[i - 1].strip())}
    sections = sections if len(sections) >= 2 else set()
    kept = [line for i, line in enumerate(lines) if i not in sections and not heading(line)]
    result = tidy_spaces("\n".join(kept))
    dropped = len(lines) - len(kept)
    return (result, dropped) if dropped and has_content(result) else (text, 0)


# A coder model's habit: the post as data ('data = {', "'Hook': [", '{"post": "...'}).
_CODE_LINE = re.compile(r"^\s*(?:[A-Za-z_][\w.]*\s*=\s*[\[{(].*|[\[\]{}()]+[,;]?|[\"'][\w ]{1,30}[\"']\s*:\s*[\[{])\s*$"
                        # A program, or what is left of one: 'import random', 'print("Вы победили!")',
                        # 'Выберите число от 1 до 10.")'.
                        r"|^\s*(?:import \w|from \w[\w.]* import |def \w+\(|class \w+[:(]|print\(|return\b|"
                        r"(?:if|elif|while|for) [^\n]{1,80}:\s*$|else:\s*$|[a-z_]\w* = \w+[.(])"
                        r"|[^(\n]*[\"']\)+;?\s*$")
_DATA_KEY = re.compile(r"^\s*\{?\s*[\"'](?:post|text|testo|caption|content|message|body|текст|пост)[\"']\s*:\s*[\"']?",
                       re.IGNORECASE)
_DATA_ITEM = re.compile(r"^\s*[\"'](.+?)[\"'],?\s*$")


def drop_code(text: str) -> tuple[str, int]:
    """The post's words out of the code or data the model wrapped them in: code lines go, a
    field's or list item's text stays. Returns the text and how many lines were code."""
    lines = text.split("\n")
    code = sum(bool(_CODE_LINE.match(line) or _DATA_KEY.match(line)) for line in lines)
    if not code:
        return text, 0
    kept = []
    for line in lines:
        if _CODE_LINE.match(line):
            continue
        line = _DATA_KEY.sub("", line)
        item = _DATA_ITEM.match(line)
        kept.append(item.group(1) if item else line.rstrip().rstrip("\"'").rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip(), code


def tidy_lists(text: str) -> str:
    """A list item whose sentence went ("3.", or "4." where the token budget ran out) goes, and
    the list closes up and counts again."""
    text = tidy_spaces(_EMPTY_ITEM.sub("", text))
    return _renumber(_ITEM_GAP.sub(r"\1\n", text))


_ITEM_GAP = re.compile(r"(?m)^([ \t]*(?:\d{1,2}[.)]|[-*•])[ \t].*)\n(?:[ \t]*\n)+(?=[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t])")


_NUMBERED = re.compile(r"^([ \t]*)(\d{1,2})([.)])(?=[ \t])")


def _renumber(text: str) -> str:
    """Numbered items counted again from the first, so "1. … 3." after a removal reads "1. … 2."."""
    lines, expected = text.split("\n"), None
    for i, line in enumerate(lines):
        item = _NUMBERED.match(line)
        if item:
            expected = int(item.group(2)) if expected is None else expected
            lines[i] = f"{item.group(1)}{expected}{item.group(3)}{line[item.end():]}"
            expected += 1
        elif line.strip():
            expected = None
    return "\n".join(lines)


def drop_unfinished(text: str) -> str:
    """``text`` without the sentence the token budget cut off, when enough is left before it."""
    ends = [m.end() for m in re.finditer(r"[.!?…](?=\s|$)|\n", text)]
    if ends and ends[-1] >= 0.4 * len(text):
        return text[:ends[-1]].rstrip()
    return text
