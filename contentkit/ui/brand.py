"""Brand: who we write as. Voice, audience, platforms, pillars and look; edit or upload a profile."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

import contentkit as ck
from contentkit.language_codes import language_name
from contentkit.platforms import get_platform
from contentkit.ui import state
from contentkit.ui.widgets import chips, header, swatches

FLASH = "ck_brand_flash"
UPLOADED = "ck_uploaded_brand"
"""The folder of a profile uploaded or edited in this session (validated)."""


def render() -> None:
    profile = state.active_brand()
    if profile is None:
        header("Brand", "Pick a brand in the sidebar, or upload a profile below.")
        _editor(None)
        return
    _intro(profile)
    if FLASH in st.session_state:
        st.success(st.session_state.pop(FLASH), icon=":material/check_circle:")
    voice, audience, channels, look, edit = st.tabs(
        ["Voice", "Audience", "Platforms & pillars", "Look & hashtags", "Edit or upload"])
    with voice:
        _voice(profile)
    with audience:
        _audience(profile)
    with channels:
        _channels(profile)
    with look:
        _look(profile)
    with edit:
        _editor(profile)


def _intro(profile) -> None:
    logo, text = st.columns([1, 6], vertical_alignment="center")
    if profile.logo_path is not None:
        logo.image(str(profile.logo_path), width=110)
    text.title(profile.name, anchor=False)
    languages = ", ".join(f"{language_name(code)}" for code in profile.languages)
    text.caption(f":material/translate: {languages} &nbsp;·&nbsp; :material/schedule: {profile.timezone} "
                 f"&nbsp;·&nbsp; {len(profile.platforms)} platforms · {len(profile.pillars)} pillars")
    if profile.description:
        st.markdown(profile.description)


def _voice(profile) -> None:
    voice = profile.voice
    st.markdown("**Tone**")
    chips(voice.tone)
    do, dont = st.columns(2, gap="large")
    with do:
        st.markdown("**Do**")
        st.markdown("\n".join(f"- :green[✓] {line}" for line in voice.do) or "—")
    with dont:
        st.markdown("**Don't**")
        st.markdown("\n".join(f"- :red[✗] {line}" for line in voice.dont) or "—")
    st.markdown(f"**Emoji:** {voice.emoji} &nbsp;·&nbsp; **Never say:** "
                + (", ".join(voice.banned_words) or "—"))
    if voice.example_posts:
        with st.expander(f"Example posts ({len(voice.example_posts)})"):
            for post in voice.example_posts:
                st.caption(get_platform(post.platform).name if post.platform else "any platform")
                st.markdown(f"> {post.text}")


def _audience(profile) -> None:
    if not profile.personas:
        st.info("This profile describes no personas yet.")
        return
    columns = st.columns(min(3, len(profile.personas)))
    for index, persona in enumerate(profile.personas):
        with columns[index % len(columns)].container(border=True):
            st.markdown(f"#### {persona.name}")
            facts = [f"{persona.age_range[0]}–{persona.age_range[1]} y.o." if persona.age_range else None,
                     persona.location, persona.occupation, persona.family_status, persona.income]
            st.caption(" · ".join(f for f in facts if f))
            if persona.interests:
                chips(persona.interests, colour="#F1F3F8", text="#343A4F")
            if persona.problems:
                st.markdown("**Needs**\n" + "\n".join(f"- {p}" for p in persona.problems))


def _channels(profile) -> None:
    rows = [{"Platform": get_platform(name).name, "Posts a week": plan.posts_per_week,
             "Preferred times": ", ".join(t.strftime("%H:%M") for t in plan.preferred_times),
             "Image": plan.image_kind, "Text limit": get_platform(name).text_limit}
            for name, plan in profile.platforms.items()]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.markdown("**Content pillars**")
    for pillar in profile.pillars:
        left, right = st.columns([1, 3], vertical_alignment="center")
        left.progress(pillar.share, text=f"**{pillar.name}** · {pillar.share:.0%}")
        right.caption(pillar.description + (f" · image: {pillar.layout}" if pillar.layout else ""))


def _look(profile) -> None:
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("**Palette**")
        swatches(profile.visual.palette)
        fonts = profile.visual.fonts
        st.caption(f"Fonts: headings {fonts.heading or 'built-in'}, body {fonts.body or 'built-in'}")
    with right:
        if profile.logo_path is not None:
            st.markdown("**Logo**")
            st.image(str(profile.logo_path), width=160)
    policy = profile.hashtags
    st.markdown(f"**Hashtags** — always: {' '.join(policy.always) or '—'} · never: "
                f"{' '.join(policy.banned) or '—'} · at most {policy.max} a post")


def _editor(profile) -> None:
    st.markdown("Change the profile as YAML, or upload a `brand.yaml` with its logo. "
                "It is checked the same way the command line checks it; problems are named by field.")
    mode = st.radio("Source", ["Edit this profile", "Upload files"], horizontal=True,
                    label_visibility="collapsed", index=0 if profile is not None else 1, key="ck_brand_mode")
    if mode == "Edit this profile" and profile is not None:
        source = profile.root / "brand.yaml" if profile.root else None
        original = source.read_text(encoding="utf-8") if source and source.is_file() else ""
        text = st.text_area("brand.yaml", original, height=360, key=f"ck_yaml_{profile.slug}")
        if st.button("Check and use for this session", type="primary", key="ck_check_yaml"):
            extras = [p for p in profile.root.iterdir() if p.is_file() and p.name != "brand.yaml"]
            _check({"brand.yaml": text.encode("utf-8")}, extras)
    else:
        files = st.file_uploader("brand.yaml and the files it names (logo, fonts, history CSV)",
                                 accept_multiple_files=True, type=["yaml", "yml", "png", "jpg", "jpeg",
                                                                   "webp", "ttf", "otf", "csv"],
                                 key="ck_brand_files")
        if st.button("Check and use for this session", type="primary", key="ck_check_upload",
                     disabled=not files):
            _check({Path(f.name).name: f.getvalue() for f in files or []}, [])


def _check(files: dict[str, bytes], extras: list[Path]) -> None:
    """Write the profile to a fresh folder, load it with the library, and make it active."""
    yaml_names = [n for n in files if n.endswith((".yaml", ".yml"))]
    if len(yaml_names) != 1:
        st.error("Upload exactly one brand.yaml (with its logo and any other files it names).")
        return
    folder = Path(tempfile.mkdtemp(prefix="contentkit-brand-"))
    for extra in extras:
        shutil.copy2(extra, folder / extra.name)
    for name, data in files.items():
        (folder / ("brand.yaml" if name in yaml_names else name)).write_bytes(data)
    try:
        profile = ck.load_brand(folder)
    except ck.ContentkitError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        st.error(str(exc).replace(str(folder) + "/", ""), icon=":material/error:")
        return
    st.session_state[UPLOADED] = str(folder)
    st.session_state[state.BRAND] = str(folder)
    st.session_state[FLASH] = f"{profile.name} is valid and now active for this session."
    st.rerun()
