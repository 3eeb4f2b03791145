"""ruraldash entry point: `streamlit run app.py` (or `make run`)."""

import streamlit as st

from ruraldash.ui import navigation

st.set_page_config(page_title="ruraldash · Plattelandspact", page_icon="🌾", layout="wide")

taal = st.query_params.get("taal")
navigation.run(st.session_state.get("w_lang") or (taal if taal in ("nl", "en") else "nl"))
