// ruraldash municipality search (Streamlit custom component v2): a combobox over a static option list.
//
// The ~300 options ("Lier (12021)", "Kortessem (73040) → Hasselt (71072)") are a content-hashed
// static file, fetched once per page and border set: a rerun sends only the current value and the
// words, not the list (it used to be 6 kB of every rerun). Typing filters (case and accents
// ignored); arrows move, Enter or a click picks (the first match when none is active), Escape
// closes. WAI-ARIA combobox with a listbox; all text goes in as text nodes.

const STATE = new WeakMap();
const LISTS = {};

function list(url) {
  if (!LISTS[url]) {
    LISTS[url] = fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))));
    LISTS[url].catch(() => { delete LISTS[url]; });
  }
  return LISTS[url];
}

const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

const CSS = `
:host { display: block; }
.rd-s { font-family: inherit; margin-bottom: 1rem; }
.rd-s label { display: block; font-size: .875rem; color: #31333f; margin-bottom: .25rem; }
.rd-s input { box-sizing: border-box; width: 100%; min-height: 2.5rem; padding: .4rem .75rem; font: inherit;
  font-size: 1rem; color: #1f1f1f; background: #f0f2f6; border: 1px solid #f0f2f6; border-radius: .5rem; }
.rd-s input:focus { outline: none; border-color: #1f6feb; background: #ffffff; }
.rd-s input:focus-visible { outline: 3px solid #1f6feb; outline-offset: 1px; }
.rd-s ul { list-style: none; margin: .2rem 0 0; padding: .2rem 0; max-height: 15rem; overflow: auto;
  border: 1px solid #d0d0d0; border-radius: .5rem; background: #ffffff; }
.rd-s ul[hidden] { display: none; }
.rd-s li { padding: .35rem .75rem; cursor: pointer; color: #1f1f1f; }
.rd-s li[aria-selected="true"], .rd-s li:hover { background: #e8eefc; }
`;

function create(root) {
  const style = document.createElement("style");
  style.textContent = CSS;
  const box = document.createElement("div");
  box.className = "rd-s";
  const label = document.createElement("label");
  label.htmlFor = "rd-s-input";
  const input = Object.assign(document.createElement("input"), { id: "rd-s-input", type: "text", autocomplete: "off" });
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", "rd-s-list");
  const ul = Object.assign(document.createElement("ul"), { id: "rd-s-list", hidden: true });
  ul.setAttribute("role", "listbox");
  box.append(label, input, ul);
  root.append(style, box);
  const st = { root, label, input, ul, items: [], shown: [], active: -1, value: undefined };
  input.addEventListener("input", () => open(st, input.value));
  input.addEventListener("focus", () => { if (input.value === st.valueLabel) input.select(); });
  input.addEventListener("keydown", (e) => key(st, e));
  input.addEventListener("blur", () => setTimeout(() => close(st), 150));
  return st;
}

function open(st, text) {
  const q = fold(text.trim());
  const first = q ? st.items.filter((o) => o.f.startsWith(q)) : st.items;
  const inside = q ? st.items.filter((o) => !o.f.startsWith(q) && o.f.includes(q)) : [];
  st.shown = first.concat(inside).slice(0, 60);
  st.active = -1;
  st.ul.replaceChildren(...st.shown.map((o, i) => {
    const li = document.createElement("li");
    li.id = "rd-s-o" + i;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.textContent = o.label;
    li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(st, o); });
    return li;
  }));
  st.ul.hidden = st.shown.length === 0;
  st.input.setAttribute("aria-expanded", String(!st.ul.hidden));
  st.input.removeAttribute("aria-activedescendant");
}

function close(st) {
  st.ul.hidden = true;
  st.input.setAttribute("aria-expanded", "false");
  st.input.removeAttribute("aria-activedescendant");
  if (document.activeElement !== st.input && st.root.activeElement !== st.input) st.input.value = st.valueLabel || "";
}

function move(st, step) {
  if (st.ul.hidden) open(st, st.input.value);
  if (!st.shown.length) return;
  st.active = (st.active + step + st.shown.length) % st.shown.length;
  [...st.ul.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === st.active)));
  const li = st.ul.children[st.active];
  st.input.setAttribute("aria-activedescendant", li.id);
  li.scrollIntoView({ block: "nearest" });
}

function key(st, e) {
  if (e.key === "ArrowDown") { e.preventDefault(); move(st, 1); }
  else if (e.key === "ArrowUp") { e.preventDefault(); move(st, -1); }
  else if (e.key === "Escape") { close(st); }
  else if (e.key === "Enter") {
    if (st.ul.hidden) open(st, st.input.value);
    const o = st.shown[st.active >= 0 ? st.active : 0];
    if (o) { e.preventDefault(); pick(st, o); }
  }
}

function pick(st, option) {
  st.input.value = option.label;
  st.valueLabel = option.label;
  close(st);
  if (st.trigger) st.trigger("pick", option.code);
}

export default function render(args) {
  const { data, parentElement: root, setTriggerValue } = args;
  let st = STATE.get(root);
  if (!st) { st = create(root); STATE.set(root, st); }
  st.trigger = setTriggerValue;
  st.label.textContent = data.label;
  st.input.placeholder = data.placeholder;
  if (st.value !== data.value || st.valueLabel !== data.valueLabel) {
    st.value = data.value;
    st.valueLabel = data.valueLabel;
    if (document.activeElement !== st.input && root.activeElement !== st.input) st.input.value = data.valueLabel || "";
  }
  if (st.url !== data.options) {
    st.url = data.options;
    list(data.options).then((rows) => {
      if (st.url !== data.options) return;
      st.items = rows.map(([code, label]) => ({ code, label, f: fold(label) }));
      if (root.activeElement === st.input && st.input.value !== st.valueLabel) open(st, st.input.value);
    }).catch((err) => console.error("ruraldash search", err));
  }
}
