"""ruraldash entry point: `streamlit run app.py` (or `make run`)."""

import streamlit as st

from ruraldash.ui import navigation

navigation.page_config()

navigation.run(navigation.session_lang(st.query_params.get("taal")))
