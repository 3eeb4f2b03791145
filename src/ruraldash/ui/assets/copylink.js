// ruraldash "kopieer link" (Streamlit custom component v2): copies the page's own address.
//
// Served as a content-hashed static module (gen/copylink-<hash>.js) behind the small module loader
// in ui/modules.py, so a rerun sends the three words, not this code (it was 2 kB of every rerun).
// The page's URL already holds the whole view (ui.state.sync_url writes it on every run). Where the
// Clipboard API is unavailable (an insecure context) it falls back to a selected text field and
// document.execCommand("copy"), and always shows the link. All text goes in as text nodes.

const CSS = `
.rd-copy {display:flex; flex-wrap:wrap; align-items:center; gap:.5rem; font-family:inherit}
.rd-copy-button {font:inherit; font-size:1rem; padding:.25rem .75rem; min-height:2.5rem;
  border:1px solid rgba(49,51,63,.35); border-radius:.5rem; background:#fff; color:#1f1f1f;
  cursor:pointer}
.rd-copy-button:hover {border-color:#b2182b; color:#b2182b}
.rd-copy-button:focus-visible {outline:3px solid #1f6feb; outline-offset:2px}
.rd-copy-status {font-size:.9rem; color:#1f1f1f; word-break:break-all}
`;

function build(root) {
  const style = document.createElement("style");
  style.textContent = CSS;
  const box = Object.assign(document.createElement("div"), { className: "rd-copy" });
  const button = Object.assign(document.createElement("button"), { type: "button", className: "rd-copy-button" });
  button.setAttribute("data-testid", "rd-copy-link");
  const status = Object.assign(document.createElement("span"), { className: "rd-copy-status" });
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  box.append(button, status);
  root.append(style, box);
  return { button, status };
}

async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return true;
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}

export default function render({ data, parentElement }) {
  const found = parentElement.querySelector(".rd-copy-button");
  const { button, status } = found
    ? { button: found, status: parentElement.querySelector(".rd-copy-status") }
    : build(parentElement);
  button.textContent = data.label;
  button.onclick = async () => {
    const url = window.location.href;
    let ok = false;
    try { ok = await copy(url); } catch (e) { ok = false; }
    status.textContent = (ok ? data.done : data.failed) + " " + url;
  };
}
