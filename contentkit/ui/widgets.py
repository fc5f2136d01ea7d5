"""Small pieces every page uses: readable errors, headers, colour swatches."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from contentkit.errors import ContentkitError


@contextmanager
def friendly(action: str = "That") -> Iterator[None]:
    """Show a failure inside the block as one readable line on the page, never a traceback."""
    try:
        yield
    except ContentkitError as exc:
        st.error(str(exc), icon=":material/error:")
    except Exception as exc:  # noqa: BLE001 - the page must stay up whatever broke
        st.error(f"{action} failed: {type(exc).__name__}: {exc}", icon=":material/error:")


def header(title: str, lead: str) -> None:
    st.title(title, anchor=False)
    st.caption(lead)


def swatches(palette: dict[str, str]) -> None:
    """The brand palette as labelled colour chips."""
    chips = "".join(
        f'<div style="display:flex;flex-direction:column;align-items:center;gap:4px;min-width:72px">'
        f'<div style="width:56px;height:56px;border-radius:12px;background:{html.escape(colour)};'
        f'border:1px solid rgba(0,0,0,.12)"></div>'
        f'<div style="font-size:12px;font-weight:600">{html.escape(role)}</div>'
        f'<div style="font-size:11px;color:#6B7080;font-family:monospace">{html.escape(colour)}</div></div>'
        for role, colour in palette.items())
    st.html(f'<div style="display:flex;flex-wrap:wrap;gap:14px">{chips}</div>')


def chips(words: list[str], colour: str = "#EEF0FF", text: str = "#3730A3") -> None:
    """Words as rounded tags (tone words, interests)."""
    parts = "".join(
        f'<span style="background:{colour};color:{text};border-radius:999px;padding:3px 11px;'
        f'font-size:13px;white-space:nowrap">{html.escape(w)}</span>' for w in words)
    st.html(f'<div style="display:flex;flex-wrap:wrap;gap:6px">{parts}</div>')
