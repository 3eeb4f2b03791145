// The note editor (custom component v2): text, table/group, counter and Save, with a save that
// tells the truth. The draft (text, group, the note's client token and a save in flight) lives in
// the browser's localStorage under data.draft_key, so it survives a reconnect, a server restart
// and a reload; it is never overwritten by the server. Contract: ruraldash/ui/noteeditor.py.
const STATE = (globalThis.__rdNoteEditor = globalThis.__rdNoteEditor || new WeakMap());
const nonce = () => Math.random().toString(36).slice(2) + Date.now().toString(36);

function load(key) {
  try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
}

function init(root, data) {
  const q = (sel) => root.querySelector(sel);
  const s = {
    root, data, box: q(".rd-ne"), body: q(".rd-ne-body"), group: q(".rd-ne-group"), save: q(".rd-ne-save"),
    count: q(".rd-ne-count"), status: q(".rd-ne-status"), mode: "", pending: null,
    lastTry: 0, lastPing: 0, up: true, send: null,
  };
  q(".rd-ne-body-label").textContent = data.labels.body;
  q(".rd-ne-group-label").textContent = data.labels.group;
  q(".rd-ne-help").textContent = data.labels.help;
  s.save.textContent = data.labels.save;
  const draft = load(data.draft_key) || {};
  s.body.value = draft.body || "";
  s.group.value = draft.group || "";
  s.token = draft.token || data.token;
  s.pending = draft.pending || null;
  const keep = () => localStorage.setItem(data.draft_key, JSON.stringify({
    body: s.body.value, group: s.group.value, token: s.token, pending: s.pending, at: Date.now(),
  }));
  s.keep = keep;
  s.body.addEventListener("input", () => { keep(); count(s); });
  s.group.addEventListener("input", keep);
  s.save.addEventListener("click", () => submit(s));
  s.body.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); submit(s); }
  });
  if (s.pending) show(s, "lost", s.data.labels.checking); // a save was in flight: ask again
  s.timer = setInterval(() => tick(s), 1000);
  count(s);
  keep();
  return s;
}

function count(s) {
  const n = s.body.value.replace(/\r\n?/g, "\n").trim().length, max = s.data.max_chars;
  const fmt = (v) => v.toLocaleString(s.data.locale);
  const over = n > max;
  s.count.textContent = (over ? s.data.labels.count_over : s.data.labels.count)
    .replace("{n}", fmt(n)).replace("{max}", fmt(max));
  s.count.classList.toggle("rd-over", over);
}

function show(s, mode, text) {
  s.mode = mode;
  s.box.dataset.rdSave = mode;
  s.status.className = "rd-ne-status" + (mode ? " rd-ne-" + mode : "");
  s.status.textContent = text || "";
}

function send(s) {
  if (!s.pending || !s.send) return;
  s.pending.nonce = nonce();
  s.lastTry = Date.now();
  s.keep();
  s.send("save", {body: s.pending.body, group: s.pending.group, token: s.pending.token,
                  nonce: s.pending.nonce, nis_code: s.pending.nis_code, facet: s.pending.facet});
}

function submit(s) {
  // the municipality and facet chosen when Save was clicked travel with the note (a restart
  // in between must not lose them)
  s.pending = {body: s.body.value, group: s.group.value, token: s.token, since: Date.now(),
               nis_code: s.data.place.nis_code, facet: s.data.place.facet};
  show(s, "pending", s.data.labels.pending);
  send(s);
}

async function reachable(s) {
  try {
    const r = await fetch(s.data.health, {cache: "no-store"});
    return r.ok;
  } catch (e) { return false; }
}

async function tick(s) {
  if (!s.root.isConnected && !(s.root.host && s.root.host.isConnected)) {
    clearInterval(s.timer);
    STATE.delete(s.root);
    return;
  }
  const now = Date.now(), typed = s.body.value.trim() !== "";
  if ((s.pending || typed || s.mode === "offline") && now - s.lastPing > 3000) {
    s.lastPing = now;
    const up = await reachable(s);
    const back = up && !s.up;
    s.up = up;
    if (!up) {
      show(s, s.pending ? "lost" : "offline", s.pending ? s.data.labels.lost : s.data.labels.offline);
      return;
    }
    if (back && s.pending) { show(s, "lost", s.data.labels.checking); send(s); return; }
    if (back && s.mode === "offline") show(s, "", "");
  }
  if (!s.pending) return;
  const waited = now - s.lastTry;
  if (s.mode === "pending" && waited > s.data.timeout_ms) show(s, "lost", s.data.labels.lost);
  if ((s.mode === "lost" || s.mode === "dbdown") && waited > s.data.retry_ms && s.up) send(s);
}

function answer(s, a) {
  if (!a || !s.pending || a.token !== s.pending.token) return;
  if (s.seen === a.nonce) return;
  s.seen = a.nonce;
  if (a.kind === "saved") {
    if (s.body.value === s.pending.body) s.body.value = ""; // text typed since stays
    s.token = a.next_token;
    s.pending = null;
    s.keep();
    count(s);
    show(s, "saved", a.text);
  } else if (a.kind === "dbdown") {
    show(s, "dbdown", a.text); // kept: sent again every retry_ms until the database answers
  } else {
    s.pending = null;
    s.keep();
    show(s, "refused", a.text);
  }
}

export default function (args) {
  const { data, parentElement: root, setTriggerValue } = args;
  let s = STATE.get(root);
  if (!s) { s = init(root, data); STATE.set(root, s); }
  s.data = data;
  s.send = setTriggerValue;
  answer(s, data.answer);
  if (s.pending && s.mode === "lost" && !s.lastTry) send(s); // after a reload or a restart
  if (data.recheck && !s.recheck) {
    s.recheck = setInterval(() => s.send && s.send("recheck", nonce()), data.retry_ms);
  } else if (!data.recheck && s.recheck) { clearInterval(s.recheck); s.recheck = null; }
}
