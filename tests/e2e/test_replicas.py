"""Two app processes on one PostgreSQL behind nginx (deploy/nginx/ruraldash.conf), as in production.

Driven through the real app: Debian's chromium (Playwright) talks only to nginx; each browser context
carries the sticky cookie that nginx hashes onto replica A or replica B (found by asking nginx and
reading its access log, which names the replica that served each request). A note and an own layer
saved in A's browser show in B's browser; after kill -9 of A the note is still in the database and
A's browser is served by B on its next request. The store is read directly only to check that no
committed note was lost.
"""

from __future__ import annotations

import re
import secrets
import urllib.request
from pathlib import Path

import pytest

from ruraldash.features.notes import NoteStore
from tests.dbserver import PgCluster
from tests.e2e.conftest import CHROMIUM, wait_idle
from tests.e2e.test_upload import UPLOADER, belgian_csv, use_layer
from tests.replicas import Nginx, Replica, nginx_missing

pytestmark = [pytest.mark.replicas, pytest.mark.postgres, pytest.mark.e2e]

NOTE = "Via replica A bewaard: bus naar Sint-Genesius-Rode"
LABEL = "Replicatest werkloosheid"


@pytest.fixture(scope="module")
def deployment(pg_cluster: PgCluster, tmp_path_factory):
    """Replicas A and B (one database, one cookie secret) behind nginx; yields (a, b, nginx, url)."""
    if (why := nginx_missing()) or not Path(CHROMIUM).exists():
        pytest.skip(why or "chromium missing (make test installs it)")
    url = pg_cluster.create_database()
    logs = tmp_path_factory.mktemp("replicas")
    env = {
        "RURALDASH_DB_URL": url.render_as_string(hide_password=False),
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(16),
        "RURALDASH_USER_LAYERS_DIR": str(logs / "no_old_layer_files"),
    }
    replicas = [Replica(env, logs / f"replica_{name}.log") for name in "ab"]
    nginx = None
    try:
        for replica in replicas:
            replica.wait()
        nginx = Nginx([r.port for r in replicas])
        yield (*replicas, nginx, url)
    finally:
        if nginx is not None:
            nginx.stop()
        for replica in replicas:
            replica.stop()


def _served_by(nginx: Nginx, cookie: str) -> str:
    """The replica (host:port) that nginx sends a browser with this sticky cookie to."""
    request = urllib.request.Request(f"{nginx.url}/", headers={"Cookie": f"rd_replica={cookie}"})
    before = len(nginx.upstreams())
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    for _ in range(50):  # the access log line is written right after the response
        if len(nginx.upstreams()) > before:
            break
        urllib.request.urlopen(f"{nginx.url}/_stcore/health", timeout=5).close()
    return nginx.upstreams()[before].split(", ")[-1]


def _cookies_for(nginx: Nginx, a: Replica, b: Replica) -> dict[int, str]:
    """A sticky cookie value that lands on each replica."""
    found: dict[int, str] = {}
    for i in range(64):
        port = int(_served_by(nginx, f"probe{i}").rsplit(":", 1)[1])
        found.setdefault(port, f"probe{i}")
        if len(found) == 2:
            return {a.port: found[a.port], b.port: found[b.port]}
    raise AssertionError(f"nginx sent 64 browsers to one replica only: {found}")


def _page_on(browser, nginx: Nginx, cookie: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_cookies([{"name": "rd_replica", "value": cookie, "url": nginx.url}])
    return context.new_page()


def _open(page, url: str, ready, state: str = "visible") -> None:
    page.goto(url)
    ready(page).wait_for(state=state, timeout=90_000)  # a fresh process loads all data first
    wait_idle(page)


def _save_note(page, base: str, session: str) -> None:
    _open(
        page, f"{base}/notities?sessie={session}", lambda p: p.get_by_label("Notitie", exact=True)
    )
    page.get_by_label("Notitie", exact=True).fill(NOTE)
    page.get_by_role("button", name="Notitie bewaren").click()
    page.get_by_text(re.compile("Notitie bewaard om")).wait_for(timeout=30_000)


def _save_layer(page, base: str) -> None:
    raw, _names = belgian_csv()
    _open(page, f"{base}/eigen-gegevens", lambda p: p.locator(UPLOADER), "attached")
    page.locator(UPLOADER).set_input_files(
        {"name": "werkloosheid.csv", "mimeType": "text/csv", "buffer": raw}
    )
    use_layer(page, LABEL, "2023")
    page.get_by_role("button", name="Bewaar voor later").click()
    page.get_by_text(f"De laag “{LABEL}” is bewaard").wait_for(timeout=30_000)


def test_two_replicas_share_notes_and_layers_and_survive_a_kill(deployment, browser) -> None:
    a, b, nginx, db_url = deployment
    cookies = _cookies_for(nginx, a, b)
    page_a = _page_on(browser, nginx, cookies[a.port])
    page_b = _page_on(browser, nginx, cookies[b.port])
    with NoteStore(db_url) as store:  # the facilitator's session, opened on both laptops by link
        session = store.create_session("Atelier replica's").slug
    try:
        _save_note(page_a, nginx.url, session)
        _save_layer(page_a, nginx.url)

        _open(page_b, f"{nginx.url}/notities?sessie={session}", lambda p: p.get_by_text(NOTE).first)
        _open(page_b, f"{nginx.url}/eigen-gegevens", lambda p: p.get_by_text(LABEL).first)
        page_b.get_by_role("button", name="Laad", exact=True).first.wait_for(timeout=10_000)

        a.kill()  # kill -9 of the process that saved both
        with NoteStore(db_url) as store:  # nothing committed through A was lost
            assert [n.body for n in store.list()] == [NOTE]
        before = len(nginx.upstreams())
        _open(
            page_a, f"{nginx.url}/notities?sessie={session}", lambda p: p.get_by_text(NOTE).first
        )  # A's browser, on B
        served = [u.split(", ")[-1] for u in nginx.upstreams()[before:]]
        assert served and set(served) == {f"127.0.0.1:{b.port}"}, served
    finally:
        page_a.context.close()
        page_b.context.close()
