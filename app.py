"""contentkit's Streamlit front end: ``streamlit run app.py``.

Thin on purpose: the pages live in ``contentkit/ui`` and every action calls the public API.
"""

import streamlit as st

from contentkit.ui.main import run

st.set_page_config(page_title="contentkit", page_icon="✍️", layout="wide",
                   initial_sidebar_state="expanded")
run()
