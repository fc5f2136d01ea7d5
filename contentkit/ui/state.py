"""What the pages share: the chosen brand and backend, and resources cached once per server.

Backends and fitted hashtag suggesters are ``st.cache_resource``: a model loads once per
server process, not once per click. Tests inject a backend by putting a Backend object in
``st.session_state[INJECTED_BACKEND]`` before the run (see tests/test_app.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

import contentkit as ck
from contentkit.llm.base import Backend

if TYPE_CHECKING:
    from contentkit.brand import BrandProfile
    from contentkit.hashtags.suggester import HashtagSuggester
    from contentkit.history import PostHistory

INJECTED_BACKEND = "ck_backend"
"""A Backend object placed here is used instead of the one the settings describe."""
BRAND = "ck_brand"
"""The active brand: a slug, or the folder of an uploaded profile."""
BACKEND_NAME, MODEL, BASE_URL, API_KEY = "ck_backend_name", "ck_model", "ck_base_url", "ck_api_key"


def _fingerprint(secret: str) -> str:
    # The cache is keyed by a digest, so the key itself is never part of a cache key.
    return hashlib.sha256(secret.encode()).hexdigest()[:16] if secret else ""


@st.cache_resource(show_spinner=False, max_entries=4)
def _backend(name: str | None, model: str | None, base_url: str | None, key_id: str,
             _api_key: str | None) -> Backend:
    import inspect

    from contentkit.llm import registry

    # Only the options this backend takes: a URL typed for openai must not break local.
    takes = inspect.signature(registry.backend_class(registry.choose(name, model)[0]).__init__).parameters
    options = {k: v for k, v in (("base_url", base_url), ("api_key", _api_key)) if v and k in takes}
    return registry.get_backend(name, model, **options)


def backend() -> Backend:
    """The backend the sidebar settings describe (or the injected one); raises BackendError."""
    injected = st.session_state.get(INJECTED_BACKEND)
    if isinstance(injected, Backend):
        return injected
    state = st.session_state
    name = state.get(BACKEND_NAME) or None
    model = (state.get(MODEL) or "").strip() or None
    base_url = (state.get(BASE_URL) or "").strip() or None
    key = (state.get(API_KEY) or "").strip()
    return _backend(name, model, base_url, _fingerprint(key), key or None)


def brand_ref() -> str:
    brands = ck.list_brands()
    ref = st.session_state.get(BRAND)
    if not ref and brands:
        ref = brands[0]
        st.session_state[BRAND] = ref
    return ref or ""


def brand() -> BrandProfile:
    """The active brand profile; raises BrandError when there is none or it is broken."""
    ref = brand_ref()
    if not ref:
        raise ck.BrandError("no brand profiles found", hint="add one under brand_profiles/ or upload a brand.yaml")
    return ck.load_brand(ref)


def active_brand() -> BrandProfile | None:
    """The active brand, or None after showing why it cannot be loaded."""
    try:
        return brand()
    except ck.ContentkitError as exc:
        st.error(str(exc), icon=":material/error:")
        return None


def _file_key(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}:{stat.st_mtime_ns}:{stat.st_size}"


@st.cache_resource(show_spinner=False, max_entries=8)
def _history(key: str, _source: str | Path) -> PostHistory:
    return ck.load_history(_source)


def history_from_file(path: Path) -> PostHistory:
    return _history(_file_key(path), path)


def history_from_upload(data: bytes, name: str) -> PostHistory:
    """A PostHistory from uploaded CSV bytes (written to a temp file so the library's own
    reader names the problems); raises HistoryError in words."""
    import tempfile

    digest = hashlib.sha256(data).hexdigest()
    suffix = ".csv.gz" if name.endswith(".gz") else ".csv"
    folder = Path(tempfile.gettempdir()) / "contentkit-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest[:20]}{suffix}"
    if not path.exists():
        path.write_bytes(data)
    try:
        return _history(f"upload:{digest}:{name}", path)
    except ck.ContentkitError as exc:  # name the file the user knows, not our temp copy
        raise type(exc)(exc.message, file=Path(name).name, field=exc.field, hint=exc.hint) from None


@st.cache_resource(show_spinner=False, max_entries=8)
def _suggester(key: str, _history: PostHistory) -> tuple[HashtagSuggester, str]:
    account = str(_history.posts["account"].value_counts().idxmax())
    return ck.HashtagSuggester().fit(_history), account


def suggester(history: PostHistory, key: str) -> tuple[HashtagSuggester, str] | None:
    """A suggester fitted on ``history`` (once per server per ``key``) and its main account."""
    if len(history) == 0:
        return None
    try:
        return _suggester(key, history)
    except ck.HistoryError:  # no post carries a hashtag: nothing to learn, nothing to suggest
        return None


def brand_suggester(profile: BrandProfile) -> tuple[HashtagSuggester, str] | None:
    """The suggester learned from the brand's own history (plans.history.default_history), if any."""
    from contentkit.plans.history import default_history

    path = default_history(profile)
    if path is None or not path.is_file():
        return None
    return suggester(history_from_file(path), _file_key(path))
