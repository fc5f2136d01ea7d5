"""The Streamlit pages behind ``app.py``: one module per page, state and caches in ``state``.

Only ``app.py`` and this package import streamlit; the library never does.
"""
