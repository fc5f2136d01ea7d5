"""One registry of platform rules: text and hashtag limits, links, image sizes.

Figures were checked against each platform's own help pages and developer docs (cited
beside each entry) and the public announcements named there. Where a platform publishes
no hard number, the comment says what the figure rests on.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal

import regex

from .errors import PlatformError

Counting = Literal["codepoints", "utf16", "x_weighted"]


@dataclass(frozen=True)
class Platform:
    """The rules a post must obey on one platform."""

    id: str
    name: str
    text_limit: int
    """Most characters in the post body, counted the platform's way (see ``counting``)."""
    hashtag_limit: int | None
    """Hard cap on hashtags; None when the platform sets none."""
    hashtags_recommended: int
    """How many hashtags a manager should use; the suggester's default k."""
    links: Literal["clickable", "not_clickable", "shortened"]
    link_note: str
    image_sizes: dict[str, tuple[int, int]]
    """Named image sizes in pixels (width, height): feed, portrait, landscape, story..."""
    counting: Counting = "codepoints"
    title_limit: int | None = None
    """A separate title field (YouTube)."""
    caption_limit: int | None = None
    """A shorter limit when the text goes under an image (Telegram)."""
    aliases: tuple[str, ...] = field(default=())

    @property
    def default_image(self) -> tuple[int, int]:
        return self.image_sizes.get("feed") or next(iter(self.image_sizes.values()))


SQUARE, PORTRAIT, STORY = (1080, 1080), (1080, 1350), (1080, 1920)

_PLATFORMS = [
    # help.instagram.com/1631821640426723 (captions: 2,200 characters); hashtags: Instagram's
    # announcement of Dec 2025 caps a post or reel at 5 (was 30); sizes: help.instagram.com/1631821640426723
    # and /1038071743007909 (1080 wide; 1:1, 4:5, 1.91:1; stories 9:16).
    Platform("instagram", "Instagram", 2200, 5, 5, "not_clickable",
             "Links in captions are not clickable; point to the link in bio.",
             {"feed": SQUARE, "portrait": PORTRAIT, "landscape": (1080, 566), "story": STORY}),
    # facebook.com/help/ : posts up to 63,206 characters; no hashtag cap, Meta for Business
    # advises 1-2; link posts render a 1.91:1 preview (developers.facebook.com/docs/sharing/webmasters/images).
    Platform("facebook", "Facebook", 63206, None, 2, "clickable",
             "Links are clickable and render a preview card.",
             {"feed": SQUARE, "portrait": PORTRAIT, "landscape": (1200, 630), "story": STORY}),
    # developer.x.com counting-characters + twitter-text config v3: 280 weighted characters,
    # URLs count 23 (t.co), CJK and emoji count 2; help.x.com: 1-2 hashtags recommended;
    # images 16:9 (1600x900) or 1:1 in the timeline.
    Platform("x", "X (Twitter)", 280, None, 2, "shortened",
             "Every link counts as 23 characters (t.co).",
             {"feed": (1600, 900), "square": SQUARE}, counting="x_weighted", aliases=("twitter",)),
    # linkedin.com/help/linkedin/answer/a528176: posts up to 3,000 characters; LinkedIn's
    # creator guidance: 3 hashtags or fewer; images 1200x627 landscape, 1:1 and 4:5 accepted.
    Platform("linkedin", "LinkedIn", 3000, None, 3, "clickable",
             "Links are clickable; a link in the body lowers reach less than it used to.",
             {"feed": (1200, 1200), "portrait": PORTRAIT, "landscape": (1200, 627)}),
    # help.instagram.com/threads (Threads): 500 characters per post, one topic tag per post;
    # images up to 1440 wide, 4:5 shown uncropped.
    Platform("threads", "Threads", 500, 1, 1, "clickable",
             "One topic tag per post; links count toward the 500.",
             {"feed": SQUARE, "portrait": PORTRAIT}),
    # core.telegram.org/bots/api#sendmessage: text 1-4096 characters after entity parsing,
    # caption 0-1024 (UTF-16 units, as the API counts entity offsets); no hashtag cap.
    Platform("telegram", "Telegram", 4096, None, 3, "clickable",
             "Links are clickable with a preview; a caption under a photo holds 1,024.",
             {"feed": (1280, 720), "square": SQUARE, "story": STORY},
             counting="utf16", caption_limit=1024),
    # dev.vk.com/method/wall.post and vk.com/faq: a wall post holds up to 16,384 characters;
    # VK indexes at most 10 hashtags per post; images 1080x1080, 1080x1350, stories 1080x1920.
    Platform("vk", "VK", 16384, 10, 3, "clickable",
             "Links are clickable with a preview card.",
             {"feed": SQUARE, "portrait": PORTRAIT, "landscape": (1200, 800), "story": STORY},
             aliases=("vkontakte",)),
    # ok.ru/help (Odnoklassniki "Заметки"/topics): text to about 16,000 characters (no public
    # hard figure; 16,384 as VK, same owner); hashtags: OK shows at most 10 per topic.
    Platform("odnoklassniki", "Odnoklassniki", 16000, 10, 3, "clickable",
             "Links are clickable with a preview card.",
             {"feed": SQUARE, "landscape": (1680, 1120)}, aliases=("ok",)),
    # support.google.com/youtube/answer/57404 (title 100, description 5,000 characters) and
    # /answer/6390658 (more than 60 hashtags and YouTube ignores them all; first 3 shown
    # above the title); thumbnails 1280x720 (answer/72431), Shorts 1080x1920.
    Platform("youtube", "YouTube", 5000, 60, 3, "clickable",
             "Links in the description are clickable; titles take no links.",
             {"feed": (1280, 720), "story": STORY}, title_limit=100),
    # support.tiktok.com (captions up to 4,000 characters since 2023); photo posts and
    # video 1080x1920; no hashtag cap, 3-5 advised by TikTok for Business.
    Platform("tiktok", "TikTok", 4000, None, 4, "not_clickable",
             "Links in captions are not clickable.",
             {"feed": STORY, "story": STORY}),
]

PLATFORMS: dict[str, Platform] = {p.id: p for p in _PLATFORMS}
_ALIASES = {alias: p.id for p in _PLATFORMS for alias in (p.id, *p.aliases)}


def get_platform(name: str) -> Platform:
    """The rules for ``name`` (case-insensitive; "twitter" and "ok" are accepted)."""
    key = _ALIASES.get(str(name).strip().lower())
    if key is None:
        raise PlatformError(
            f"unknown platform '{name}'", hint=f"use one of: {', '.join(PLATFORMS)}"
        )
    return PLATFORMS[key]


def image_size(platform: str, kind: str = "feed") -> tuple[int, int]:
    """Pixel size of one of the platform's image kinds."""
    rules = get_platform(platform)
    if kind not in rules.image_sizes:
        raise PlatformError(
            f"{rules.name} has no '{kind}' image size",
            hint=f"use one of: {', '.join(rules.image_sizes)}",
        )
    return rules.image_sizes[kind]


# twitter-text's URL pattern is large; this catches what users paste (scheme or www.).
URL_RE = regex.compile(r"(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", regex.IGNORECASE)
_EMOJI_RE = regex.compile(
    r"(?:\p{Regional_Indicator}{2})"
    r"|(?:[#*0-9]\uFE0F?\u20E3)"
    r"|(?:\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?"
    r"(?:\u200D\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?)*)"
)
_X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
X_URL_LENGTH = 23


def _x_weight(ch: str) -> int:
    cp = ord(ch)
    return 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT_RANGES) else 2


def x_length(text: str) -> int:
    """Length as X counts it (twitter-text config v3): URLs 23, emoji 2, CJK 2, NFC first."""
    text = unicodedata.normalize("NFC", text)
    total = X_URL_LENGTH * len(URL_RE.findall(text))
    rest = URL_RE.sub("", text)
    total += 2 * len(_EMOJI_RE.findall(rest))
    rest = _EMOJI_RE.sub("", rest)
    return total + sum(_x_weight(ch) for ch in rest)


def text_length(text: str, platform: str) -> int:
    """How long ``text`` is by ``platform``'s own count."""
    if not isinstance(text, str):
        raise PlatformError(f"expected a text to measure, got {type(text).__name__}", field="text")
    counting = get_platform(platform).counting
    if counting == "x_weighted":
        return x_length(text)
    if counting == "utf16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def fits(text: str, platform: str, *, with_image: bool = False) -> bool:
    """Whether ``text`` is within the platform's limit (its caption limit under an image)."""
    rules = get_platform(platform)
    limit = rules.caption_limit if with_image and rules.caption_limit else rules.text_limit
    return text_length(text, platform) <= limit
