"""The page frame: sidebar with brand, navigation and settings; then the chosen page."""

from __future__ import annotations

import streamlit as st

import contentkit as ck
from contentkit.ui import brand, inbox, insights, plan, review, settings, state, write

PAGES = {
    "Brand": (":material/palette:", brand.render),
    "Write": (":material/edit_note:", write.render),
    "Plan": (":material/calendar_month:", plan.render),
    "Insights": (":material/insights:", insights.render),
    "Review": (":material/fact_check:", review.render),
    "Inbox": (":material/inbox:", inbox.render),
}
PAGE = "ck_page"


def run() -> None:
    _start_page()
    with st.sidebar:
        st.markdown("## ✍️ contentkit")
        st.caption("On-brand posts, hashtags, images and plans")
        _brand_picker()
        page = st.radio("Page", list(PAGES), key=PAGE, label_visibility="collapsed",
                        format_func=lambda name: f"{PAGES[name][0]} {name}")
        st.query_params["page"] = page.lower()
        st.divider()
        settings.render()
    PAGES[page][1]()


def _start_page() -> None:
    """Open the page named in the address (``?page=write``) on the first run of a session."""
    if PAGE not in st.session_state:
        wanted = str(st.query_params.get("page", "")).capitalize()
        st.session_state[PAGE] = wanted if wanted in PAGES else "Write"


def _brand_picker() -> None:
    slugs = ck.list_brands()
    uploaded = st.session_state.get(brand.UPLOADED)
    options = [*slugs, *([uploaded] if uploaded else [])]
    if not options:
        st.warning("No brand profiles yet: upload one on the Brand page.")
        return
    current = state.brand_ref()
    if current not in options:
        current = options[0]
    st.session_state[state.BRAND] = current
    st.session_state["ck_brand_picker"] = current
    st.selectbox("Brand", options, key="ck_brand_picker",
                 format_func=_brand_name, on_change=_picked)


def _picked() -> None:
    st.session_state[state.BRAND] = st.session_state["ck_brand_picker"]


@st.cache_data(show_spinner=False, max_entries=32)
def _brand_label(ref: str) -> str:
    try:
        return ck.load_brand(ref).name
    except ck.ContentkitError:
        return f"{ref} (invalid)"


def _brand_name(ref: str) -> str:
    label = _brand_label(ref)
    return f"{label} (uploaded)" if ref == st.session_state.get(brand.UPLOADED) else label
