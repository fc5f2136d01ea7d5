"""Write: a topic in, on-brand drafts out, each with hashtags, a count and an image."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

import contentkit as ck
from contentkit.checks import platform_limit
from contentkit.drafting import Brief, Draft, normalise_brief, stream_draft
from contentkit.hashtags.suggester import Suggestion
from contentkit.images.compose import LAYOUT_NAMES, image_bytes
from contentkit.language_codes import language_name
from contentkit.platforms import PLATFORMS, get_platform, text_length
from contentkit.images.for_posts import plan_layout
from contentkit.ui import drafts, state
from contentkit.ui.widgets import friendly, header

DRAFTS = "ck_drafts"
RUN = "ck_write_run"


@dataclass
class Card:
    """One draft on the page with what the page adds: hashtag suggestions and a layout."""

    draft: Draft
    suggestions: list[Suggestion] = field(default_factory=list)
    layout: str = "announcement"


def render() -> None:
    header("Write", "Give a topic: get on-brand drafts with hashtags that worked for you, "
                    "a character count for the platform, and a ready-made image.")
    brand = state.active_brand()
    if brand is None:
        return
    _form(brand)
    _show_cards(brand)


def _form(brand) -> None:
    own = [p for p in brand.platforms]
    others = [p for p in PLATFORMS if p not in own]
    with st.form("write-form", border=True):
        topic = st.text_input("Topic", placeholder="e.g. winter latte launch this Saturday",
                              help="What the post is about, in a few words, any language.")
        left, middle, right, far = st.columns([2, 2, 1.2, 1.2])
        platform = left.selectbox("Platform", own + others, format_func=lambda p: get_platform(p).name)
        pillar = middle.selectbox("Content pillar", [None, *[p.name for p in brand.pillars]],
                                  format_func=lambda p: "Any pillar" if p is None else p)
        language = right.selectbox("Language", brand.languages, format_func=_language_label)
        variants = far.number_input("Variants", min_value=1, max_value=4, value=1, step=1)
        go = st.form_submit_button("Write drafts", type="primary", icon=":material/edit_note:")
    if go:
        with friendly("Writing"):
                _generate(brand, Brief(topic=topic, platform=platform, pillar=pillar, language=language,
                                   with_image=True), int(variants))


def _language_label(code: str) -> str:
    return f"{language_name(code)} ({code})"


def _generate(brand, brief: Brief, variants: int) -> None:
    backend = state.backend()
    brief = normalise_brief(brand, brief)
    cards: list[Card] = []
    for variant in range(variants):
        with st.container(border=True):
            st.caption(f"Variant {variant + 1} of {variants} · writing with {backend.describe()}")
            live = st.empty()
            live.info("Warming up the model… the first draft after a restart takes longest.",
                      icon=":material/hourglass_top:")
            text = ""
            for piece in stream_draft(brand, brief, backend, variant=variant):
                if isinstance(piece, Draft):
                    cards.append(_card(brand, piece))
                else:
                    text += piece
                    live.markdown(text + " ▌")
    st.session_state[DRAFTS] = cards
    st.session_state[RUN] = st.session_state.get(RUN, 0) + 1
    st.rerun()


def _card(brand, draft: Draft) -> Card:
    from contentkit.hashtags.for_posts import tags_for_post
    from contentkit.tags import tags_in_text

    fitted = state.brand_suggester(brand)
    model, account = fitted if fitted else (None, None)
    written = {t.casefold() for t in tags_in_text(draft.text)}
    # Tags already in the text stay there; the pills offer only what the page can add or take away.
    suggestions = [s for s in tags_for_post(model, brand, draft.text, draft.platform, account=account,
                                            pillar=draft.pillar, topic=draft.topic)
                   if s.tag.casefold() not in written]
    return Card(draft, suggestions, plan_layout(brand, draft.pillar, draft.platform))


def _show_cards(brand) -> None:
    cards: list[Card] = st.session_state.get(DRAFTS) or []
    if not cards:
        st.info("Your drafts appear here. Nothing leaves this machine with the local model.",
                icon=":material/lightbulb:")
        return
    run = st.session_state.get(RUN, 0)
    for index, card in enumerate(cards):
        with st.container(border=True):
            _draft_card(brand, card, f"d{run}-{index}", index, len(cards))


def _draft_card(brand, card: Card, key: str, index: int, total: int) -> None:
    draft = card.draft
    rules = get_platform(draft.platform)
    st.subheader(f"Draft {index + 1}" + (f" of {total}" if total > 1 else "") + f" · {rules.name}", anchor=False)
    text_col, image_col = st.columns([3, 2], gap="large")
    with text_col:
        text = st.text_area("Text", draft.text, key=f"{key}-text", height=200,
                            help="Edit freely; the count below follows your edits.")
        tags = _hashtags(card, key)
        final = _with_tags(text, tags)
        _count(final, draft.platform)
        _facts(brand, draft, text)
        st.caption("Ready to paste — the copy button is at the top right of the box")
        st.code(final, language=None, wrap_lines=True, height=160)
    with image_col:
        _image(brand, card, key)


def _hashtags(card: Card, key: str) -> list[str]:
    if not card.suggestions:
        st.caption("No hashtags to add: the platform takes no more beside those in the text.")
        return []
    options = [s.tag for s in card.suggestions]
    chosen = st.pills("Suggested hashtags — click to add or remove", options, selection_mode="multi",
                      default=options, key=f"{key}-tags")
    with st.expander("Why these hashtags"):
        for s in card.suggestions:
            st.markdown(f"**{s.tag}** — {s.reason}")
    return [t for t in options if t in (chosen or [])]


def _with_tags(text: str, tags: list[str]) -> str:
    text = text.rstrip()
    present = {w.lower() for w in text.split()}
    extra = " ".join(t for t in tags if t.lower() not in present)
    if not extra:
        return text
    last = text.rsplit("\n", 1)[-1].split()
    joiner = " " if last and all(w.startswith("#") for w in last) else "\n\n"
    return f"{text}{joiner}{extra}"


def _count(text: str, platform: str) -> None:
    used, limit = text_length(text, platform), platform_limit(platform, with_image=True)
    label = f"{used:,} / {limit:,} characters on {get_platform(platform).name}"
    st.progress(min(1.0, used / limit), text=label if used <= limit else f"{label} — too long")
    if used > limit:
        st.error(f"{used - limit:,} characters over the limit: shorten the text or drop hashtags.")


def _facts(brand, draft: Draft, text: str) -> None:
    detected = ck.detect_language(text, candidates=sorted({*brand.languages, "en"}))
    shown = "unsure" if detected == "und" else _language_label(detected)
    st.markdown(f":material/translate: Language: **{shown}** &nbsp;·&nbsp; "
                f":material/smart_toy: {draft.backend} · {draft.model}")
    for warning in draft.warnings:
        st.warning(warning, icon=":material/warning:")


def _image(brand, card: Card, key: str) -> None:
    layout = st.selectbox("Image layout", LAYOUT_NAMES, index=LAYOUT_NAMES.index(card.layout),
                          key=f"{key}-layout", format_func=str.capitalize)
    photo = None
    if layout == "photo":
        upload = st.file_uploader("Photo for this layout", type=["png", "jpg", "jpeg", "webp"], key=f"{key}-photo")
        if upload is None:
            st.info("The photo layout puts your own picture under the headline: upload one.")
            return
        photo = _saved_upload(upload.getvalue(), upload.name)
    with friendly("Making the image"):
        png, alt, warnings = _png(state.brand_ref(), card.draft.topic, card.draft.text, card.draft.platform,
                                  layout, photo)
        st.image(png, caption=alt, width="stretch")
        for warning in warnings:
            st.caption(f":material/info: {warning}")
        st.download_button("Download image", png, file_name=f"{brand.slug}-{card.draft.platform}-{layout}.png",
                           mime="image/png", icon=":material/download:", key=f"{key}-download")


@st.cache_data(show_spinner="Drawing the image…", max_entries=64)
def _png(brand_ref: str, topic: str, text: str, platform: str, layout: str,
         photo: str | None) -> tuple[bytes, str, list[str]]:
    image = drafts.post_image(ck.load_brand(brand_ref), topic, text, platform, layout, photo=photo)
    return image_bytes(image, "PNG"), str(image.info.get("alt", "")), list(image.info.get("warnings", []))


def _saved_upload(data: bytes, name: str) -> str:
    folder = Path(tempfile.gettempdir()) / "contentkit-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()[:20]}{Path(name).suffix.lower()}"
    if not path.exists():
        path.write_bytes(data)
    return str(path)
