"""Sidebar settings: which backend and model write the drafts.

An API key typed here lives only in this browser session's memory: it is masked, never
shown back, never logged and never written to disk; it reaches the backend as an argument.
"""

from __future__ import annotations

import inspect

import streamlit as st

from contentkit.errors import ContentkitError
from contentkit.llm import registry
from contentkit.ui import state


def render() -> None:
    st.markdown("**Model settings**")
    if state.INJECTED_BACKEND in st.session_state:
        st.caption(f"Backend: {state.backend().describe()} (set by the caller)")
        return
    names = registry.available_backends()
    chosen, _ = registry.choose()
    if state.BACKEND_NAME not in st.session_state and chosen in names:
        st.session_state[state.BACKEND_NAME] = chosen
    name = st.selectbox("Backend", names, key=state.BACKEND_NAME,
                        help="llamacpp: the embedded model on llama.cpp, no key, nothing leaves this machine. "
                             "local: a transformers model in this process (slower). "
                             "openai: OpenAI or any OpenAI-compatible server (Ollama, llama.cpp, vLLM).")
    try:
        cls = registry.backend_class(name)
    except ContentkitError as exc:
        st.error(str(exc))
        return
    st.text_input("Model", key=state.MODEL, placeholder=cls.default_model,
                  help="Leave empty for the backend's default.")
    takes = set(inspect.signature(cls.__init__).parameters)
    if "base_url" in takes:
        st.text_input("Base URL", key=state.BASE_URL, placeholder="https://api.openai.com/v1",
                      help="Any OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
    if "api_key" in takes:
        st.text_input("API key", key=state.API_KEY, type="password",
                      placeholder=f"or set {cls.key_env_var}" if cls.key_env_var else "",
                      help="Kept in this session's memory only: never shown, logged or saved.")
    try:
        st.caption(f":material/check_circle: Drafts by **{state.backend().describe()}**")
    except ContentkitError as exc:
        st.error(str(exc))
