"""ruraldash entry point: `streamlit run app.py` (or `make run`)."""

import streamlit as st

from ruraldash.ui import navigation

st.set_page_config(page_title="ruraldash · Plattelandspact", page_icon="🌾", layout="wide")

navigation.run(navigation.session_lang(st.query_params.get("taal")))
