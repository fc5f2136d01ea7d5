"""One post of the HTML report, drawn as it would sit in its platform's feed.

Four feed shapes cover the platforms: image-first (Instagram, TikTok), avatar column
(X, Threads), text-above-image (Facebook, VK, LinkedIn, OK, YouTube) and a channel bubble
(Telegram). Every piece of user text goes through ``html.escape`` here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from html import escape

import regex

from ..errors import PlatformError
from ..plans.model import PlannedPost
from ..platforms import URL_RE, get_platform, text_length
from .agenda import MONTH_NAMES, local_when, platform_name
from .html_style import PLATFORM_COLOURS

Thumb = tuple[str, int, int]
"""A data URI with its pixel width and height."""

_TOKENS = regex.compile(
    rf"(?P<lnk>{URL_RE.pattern})|(?P<tag>(?<![\w&/])#\w+)|(?P<at>(?<![\w@])@\w+(?:\.\w+)*)",
    regex.IGNORECASE,
)
_HASHTAG = regex.compile(r"(?<![\w&/])#\w+")

_ICONS = {
    "heart": '<path d="M12 20.3s-7.6-4.6-9.4-9.3C1.3 7.6 3.5 4.3 6.9 4.3c2.1 0 3.6 1.2 5.1 3.1 1.5-1.9 3-3.1 5.1-3.1 3.4 0 5.6 3.3 4.3 6.7-1.8 4.7-9.4 9.3-9.4 9.3z"/>',
    "comment": '<path d="M20.5 11.6a8.4 8.4 0 0 1-12.4 7.4l-4.6 1.5 1.5-4.4a8.4 8.4 0 1 1 15.5-4.5z"/>',
    "send": '<path d="M21.5 3 10.2 13.8M21.5 3l-7 18-4.3-7.2L3 9.6z"/>',
    "save": '<path d="M6 3.5h12v17.2l-6-5.2-6 5.2z"/>',
    "repost": '<path d="M7 4 4 7l3 3M4 7h11a4 4 0 0 1 4 4v1M17 20l3-3-3-3M20 17H9a4 4 0 0 1-4-4v-1"/>',
    "views": '<path d="M5 20v-8M12 20V5M19 20v-5"/>',
    "like": '<path d="M7.5 10.5v9.5h-3.5v-9.5zM7.5 10.5l3.8-7c1.7 0 2.7 1.1 2.3 2.8l-.8 3.7h5.6a2 2 0 0 1 2 2.4l-1.3 6a2 2 0 0 1-2 1.6H7.5"/>',
    "share": '<path d="M14 5.5l6.5 6.5-6.5 6.5v-3.8c-5.5 0-8.6 1.5-10.5 4.8.5-5.7 3.5-9.6 10.5-10.3z"/>',
    "eye": '<path d="M1.8 12S5.7 5.5 12 5.5 22.2 12 22.2 12 18.3 18.5 12 18.5 1.8 12 1.8 12z"/><circle cx="12" cy="12" r="2.8"/>',
}

_SHAPES = {"instagram": "image_first", "tiktok": "image_first", "x": "column", "threads": "column",
           "telegram": "bubble"}


@dataclass(frozen=True)
class Look:
    """What every card shares: who posts, with which avatar, in which zone, and the images."""

    brand_name: str
    slug: str
    avatar: str
    """Ready-made HTML of the round avatar."""
    zone: tzinfo
    thumb: Callable[[PlannedPost], Thumb | None]


def icon(name: str) -> str:
    return f'<svg viewBox="0 0 24 24" aria-hidden="true">{_ICONS[name]}</svg>'


def styled_text(text: str) -> str:
    """Escaped text with hashtags, mentions and links wrapped for colour (newlines kept)."""
    out, last = [], 0
    for match in _TOKENS.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f'<span class="{match.lastgroup}">{escape(match.group())}</span>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _short_date(post: PlannedPost, look: Look) -> str:
    when = local_when(post, look.zone)
    return f"{when.day} {MONTH_NAMES[when.month - 1][:3]} at {when:%H:%M}"


def _media(post: PlannedPost, look: Look) -> str:
    if not post.image:
        return ""
    thumb = look.thumb(post)
    if thumb is None:
        return f'<div class="noimg">Image not found: {escape(post.image)}</div>'
    uri, width, height = thumb
    return (f'<img class="media" src="{uri}" width="{width}" height="{height}" '
            f'alt="{escape(post.image_alt or post.topic)}">')


def _head(look: Look, line: str) -> str:
    return (f'<div class="fhead">{look.avatar}<div class="who"><b>{escape(look.brand_name)}</b>'
            f'<span>{escape(line)}</span></div><span class="more">···</span></div>')


def _image_first(post: PlannedPost, look: Look) -> str:
    handle = escape(look.slug.replace("-", "."))
    acts = (f'<div class="acts">{icon("heart")}{icon("comment")}{icon("send")}'
            f'<span class="end">{icon("save")}</span></div>')
    head = (f'<div class="fhead">{look.avatar}<div class="who"><b>{handle}</b></div>'
            f'<span class="more">···</span></div>')
    return f'{head}{_media(post, look)}{acts}<p class="txt"><b>{handle}</b> {styled_text(post.full_text)}</p>'


def _column(post: PlannedPost, look: Look) -> str:
    handle = escape(look.slug.replace("-", "_"))
    when = local_when(post, look.zone)
    acts = "".join(icon(n) for n in ("comment", "repost", "heart", "views", "share"))
    return (f'<div class="xrow">{look.avatar}<div class="xbody"><div class="xhead"><b>{escape(look.brand_name)}</b> '
            f'<span>@{handle} · {when.day} {MONTH_NAMES[when.month - 1][:3]}</span></div>'
            f'<p class="txt">{styled_text(post.full_text)}</p>{_media(post, look)}'
            f'<div class="acts">{acts}</div></div></div>')


def _text_first(post: PlannedPost, look: Look) -> str:
    bar = "".join(f'<span>{icon(i)}{label}</span>' for i, label in
                  (("like", "Like"), ("comment", "Comment"), ("share", "Share")))
    return (f'{_head(look, _short_date(post, look))}<p class="txt">{styled_text(post.full_text)}</p>'
            f'{_media(post, look)}<div class="bar3">{bar}</div>')


def _bubble(post: PlannedPost, look: Look) -> str:
    when = local_when(post, look.zone)
    return (f'<div class="bubble">{_media(post, look)}<span class="chan">{escape(look.brand_name)}</span>'
            f'<p class="txt">{styled_text(post.full_text)}</p>'
            f'<span class="when">{icon("eye")} {when:%H:%M}</span></div>')


_RENDER = {"image_first": _image_first, "column": _column, "bubble": _bubble, "text_first": _text_first}


def _meter(post: PlannedPost) -> str:
    try:
        rules = get_platform(post.slot.platform)
    except PlatformError:
        return ""
    limit = rules.caption_limit if post.image and rules.caption_limit else rules.text_limit
    used = text_length(post.full_text, post.slot.platform)
    share = used / limit if limit else 0
    level = "over" if share > 1 else "warn" if share > 0.9 else "ok"
    tags = len(_HASHTAG.findall(post.full_text))
    cap = rules.hashtag_limit
    tag_cls = ' class="over"' if cap is not None and tags > cap else ""
    tag_text = f"{tags} hashtag{'s' if tags != 1 else ''}" + (f" / {cap} max" if cap is not None else "")
    facts = [f"<span{tag_cls}>{tag_text}</span>"]
    facts += [f"<span>{escape(v)}</span>" for v in (post.language.upper(), post.layout or "") if v]
    return (f'<div class="meter {level}"><span class="track"><i style="width:{min(share, 1) * 100:.1f}%"></i></span>'
            f'<span>{used:,} / {limit:,} characters</span></div><div class="facts">{"".join(facts)}</div>')


def _slot_bar(post: PlannedPost, look: Look, pillar_colour: str) -> str:
    platform = post.slot.platform
    colour = PLATFORM_COLOURS.get(platform, "#6b7280")
    if post.status == "failed":
        state = '<span class="state bad">Failed</span>'
    elif post.warnings:
        state = (f'<span class="state warn">Needs review · {len(post.warnings)} warning'
                 f'{"s" if len(post.warnings) > 1 else ""}</span>')
    else:
        state = '<span class="state ok">Ready</span>'
    return (f'<header class="slot"><time datetime="{local_when(post, look.zone).isoformat()}">'
            f'{local_when(post, look.zone):%H:%M}</time><span class="badge"><span class="dot" '
            f'style="background:{colour}"></span>{escape(platform_name(platform))}</span>'
            f'<span class="chip" style="background:{pillar_colour}">{escape(post.slot.pillar)}</span>{state}</header>')


def post_card(post: PlannedPost, look: Look, pillar_colour: str) -> str:
    """The card of one post: slot bar, topic, feed preview, then length, facts and warnings."""
    platform = regex.sub(r"[^a-z0-9-]", "", post.slot.platform.lower())
    attention = " attn" if post.status == "failed" or post.warnings else ""
    kind = f' · <b>Format</b> · {escape(post.format_name)}' if post.format else ""
    topic = f'<p class="topic"><b>Topic</b> · {escape(post.topic)}{kind}</p>'
    if post.status == "failed":
        reason = escape(post.error or "no reason recorded")
        return (f'<article class="post failed p-{platform}{attention}" id="{escape(post.id)}">'
                f'{_slot_bar(post, look, pillar_colour)}{topic}'
                f'<div class="why"><b>Not generated</b>{reason}</div></article>')
    shape = _SHAPES.get(post.slot.platform, "text_first")
    feed = f'<div class="feed f-{platform}">{_RENDER[shape](post, look)}</div>'
    warnings = ""
    if post.warnings:
        warnings = '<ul class="warnings">' + "".join(f"<li>{escape(w)}</li>" for w in post.warnings) + "</ul>"
    return (f'<article class="post p-{platform}{attention}" id="{escape(post.id)}">'
            f'{_slot_bar(post, look, pillar_colour)}{topic}{feed}'
            f'<div class="meta">{_meter(post)}{warnings}</div></article>')
