"""ruraldash entry point: `streamlit run app.py` (or `make run`)."""

from pathlib import Path

import streamlit as st

from ruraldash.i18n import t

st.set_page_config(page_title="ruraldash · Plattelandspact", page_icon="🌾", layout="wide")

HERE = Path(__file__).parent
# (file, title key, icon, url path); a page appears once its file exists
PAGES = [
    ("pages/kaart.py", "nav_map", ":material/map:", "kaart"),
    ("pages/profiel.py", "nav_profile", ":material/location_city:", "profiel"),
    ("pages/vergelijken.py", "nav_compare", ":material/compare_arrows:", "vergelijken"),
    ("pages/index.py", "nav_index", ":material/functions:", "index"),
    ("pages/openruimtefonds.py", "nav_orf", ":material/park:", "openruimtefonds"),
    ("pages/notities.py", "nav_notes", ":material/edit_note:", "notities"),
    ("pages/eigen_gegevens.py", "nav_upload", ":material/upload_file:", "eigen-gegevens"),
    ("pages/bronnen.py", "nav_sources", ":material/menu_book:", "bronnen"),
]

lang = st.session_state.get("w_lang") or (
    st.query_params.get("taal") if st.query_params.get("taal") in ("nl", "en") else "nl"
)
pages = [
    st.Page(path, title=t(key, lang), icon=icon, url_path=url, default=(url == "kaart"))
    for path, key, icon, url in PAGES
    if (HERE / path).is_file()
]
st.navigation(pages).run()
