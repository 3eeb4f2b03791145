// ruraldash map widget (Streamlit custom component v2): one Leaflet map per component root.
//
// The inline loader (ui/mapwidget.py) imports this content-hashed module and calls render(args)
// on every rerun whose data changed; `load` is the one loader, globalThis.__rdLoad (Leaflet,
// geometry, module: a failed load is dropped and retried once), defined by the preload or, on a
// page without one, from LOAD. The map is created once per root (state in a
// WeakMap); a rerun only restyles the polygons (setStyle), so zoom, pan and the DOM node survive,
// and open tooltips are refreshed. Geometry arrives once per border set as a static file; the data
// holds per polygon a palette index, the tooltip texts (already HTML-escaped by the server) and
// flags. The view (centre, zoom) is kept in sessionStorage per map, so F5 keeps it. Torn down only
// when the root is detached. STYLE (render/mapstyle), PAYLOAD_KEYS (the payload schema) and LOAD
// are generated above this line (render/staticgen.widget_code).

const STATE = new WeakMap();

const role = (r) => ({ color: r.edge, weight: r.weight, fillColor: r.fill, dashArray: r.dash || null });
const FILTERED = role(STYLE.outside);
const MISSING = role(STYLE.missing);

const CSS = `
:host { display: block; }
.rd-map, .rd-map.leaflet-container { width: 100%; background: #ffffff; border: 1px solid #e0e0e0; border-radius: 4px; }
.rd-map:focus:not(:focus-visible), .rd-map .leaflet-interactive:focus:not(:focus-visible) { outline: none; }
.rd-map:focus-visible { outline: 3px solid #1b7837; outline-offset: 2px; }
.rd-map .leaflet-tooltip { font-size: 14px; line-height: 1.35; width: max-content; max-width: 22em; white-space: normal; }
.rd-map.rd-big .leaflet-tooltip { font-size: 22px; }
.rd-map.rd-contrast .leaflet-tooltip { font-size: 18px; color: #000000; border: 2px solid #000000; }
.rd-map.rd-big.rd-contrast .leaflet-tooltip { font-size: 26px; }
.rd-map .rd-tip-meta { color: #555555; font-size: .85em; }
.rd-map-error { padding: .75rem 1rem; border: 2px solid #b2182b; border-radius: 4px; color: #1a1a1a; background: #fff5f5; font-size: 1rem; }
.rd-map[data-rd-failed] { display: none; }
.rd-map.rd-contrast .rd-tip-meta { color: #000000; }
`;

let load = null; // the one loader, globalThis.__rdLoad (the preload's, or LOAD): set by render()

const loadLeaflet = (url) => load("script", url).then(() => globalThis.L);
const loadGeo = (url) => load("geo", url);

// After the second failed try of a file: a Dutch message in the widget's own text node (no HTML).
function showError(st, text) {
  if (!st.error) {
    st.error = document.createElement("div");
    st.error.className = "rd-map-error";
    st.error.setAttribute("role", "alert");
    st.root.appendChild(st.error);
  }
  st.error.textContent = text || "";
  st.box.setAttribute("data-rd-failed", "");
}

function clearError(st) {
  if (st.error) { st.error.remove(); st.error = null; }
  st.box.removeAttribute("data-rd-failed");
}

const VIEW_KEY = (key) => "rd-map-view:" + location.pathname + ":" + key;

function savedView(key) {
  try { return JSON.parse(sessionStorage.getItem(VIEW_KEY(key)) || "null"); } catch (e) { return null; }
}

function saveView(st) {
  if (!st.map || !st.data) return;
  const c = st.map.getCenter();
  const v = { c: [c.lat, c.lng], z: st.map.getZoom(), k: st.fitKey === undefined ? null : st.fitKey };
  try { sessionStorage.setItem(VIEW_KEY(st.data.key), JSON.stringify(v)); } catch (e) { /* private mode */ }
}

function hatch(st) {
  const svg = st.map && st.map.getPanes().overlayPane.querySelector("svg");
  if (!svg || svg.querySelector("#rd-hatch")) return;
  const defs = document.createElementNS(svg.namespaceURI, "defs");
  defs.innerHTML = HATCH;
  svg.insertBefore(defs, svg.firstChild);
}

function loadCss(root, url) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = url;
  const loaded = new Promise((resolve) => { link.onload = resolve; link.onerror = resolve; });
  root.appendChild(link);
  return loaded;
}

function hostOf(root) {
  return root instanceof ShadowRoot ? root.host : root;
}

// A pointer (mouse, touch) never leaves keyboard focus in the map: the presentation clicker's
// PageDown/PageUp and the arrow keys keep driving the page. Tab still focuses it on purpose.
function releaseFocus(root, box) {
  let pointer = false;
  const blur = () => {
    const active = root.activeElement || document.activeElement;
    if (active && active !== document.body && (box === active || box.contains(active))) active.blur();
  };
  box.addEventListener("pointerdown", () => { pointer = true; }, true);
  box.addEventListener("focusin", () => { if (pointer) setTimeout(blur, 0); }, true);
  const up = () => { if (pointer) { setTimeout(blur, 0); setTimeout(() => { pointer = false; }, 50); } };
  box.addEventListener("pointerup", up, true);
  box.addEventListener("click", up, true);
  document.addEventListener("pointerup", up, true);
  return () => document.removeEventListener("pointerup", up, true);
}

function create(root, data) {
  const style = document.createElement("style");
  style.textContent = CSS;
  const box = document.createElement("div");
  box.className = "rd-map";
  box.setAttribute("data-rd-map", "");
  box.setAttribute("role", "region");
  root.appendChild(style);
  root.appendChild(box);
  const st = { root, box, layers: [], geoUrl: null, fitKey: undefined, zoomed: undefined };
  st.css = loadCss(root, data.css);
  return st;
}

// Fit the map to bounds; a box without a size yet (mounted below the fold or before layout) keeps the
// fit for the first resize, so Leaflet never clips every polygon away in a 0 x 0 view.
// Until the user pans or zooms, a resized box (window resized, side panel opened) is fitted again.
function fit(st, bounds, opts) {
  st.lastFit = [bounds, opts];
  st.size = `${st.box.clientWidth}x${st.box.clientHeight}`;
  if (st.box.clientWidth > 0 && st.box.clientHeight > 0) {
    st.pending = null;
    st.map.fitBounds(bounds, opts);
  } else {
    st.pending = [bounds, opts];
  }
}

function resized(st) {
  if (!st.map) return;
  const size = `${st.box.clientWidth}x${st.box.clientHeight}`;
  if (size === st.size) return;
  st.size = size;
  st.map.invalidateSize();
  const again = st.pending || (!st.userView && st.lastFit);
  if (again && st.box.clientWidth > 0 && st.box.clientHeight > 0) {
    fit(st, again[0], { ...again[1], animate: false });
  }
}

// capture phase: Leaflet's controls stop the bubbling of their own clicks
function watchUser(st) {
  for (const type of ["pointerdown", "mousedown", "touchstart", "wheel", "keydown"]) {
    st.box.addEventListener(type, () => { st.userView = true; }, { capture: true, passive: true });
  }
}

// Leaflet and the map, once per root; a failure is forgotten, so the next rerun tries again.
function ready(st, data) {
  if (st.ready) return st.ready;
  st.ready = Promise.all([loadLeaflet(data.leaflet), st.css]).then(([L]) => {
    if (st.map) return;
    st.L = L;
    st.box.style.height = data.height;
    // the mouse wheel scrolls the page over the map until the user clicks into it (then it
    // zooms until the pointer leaves the map); the +/- buttons and the keyboard always zoom
    st.map = L.map(st.box, { zoomSnap: 0.25, zoomDelta: 0.5, attributionControl: false, scrollWheelZoom: false });
    st.box.addEventListener("mousedown", () => st.map.scrollWheelZoom.enable());
    st.box.addEventListener("mouseleave", () => st.map.scrollWheelZoom.disable());
    const saved = savedView(data.key);
    if (saved) {
      st.map.setView(saved.c, saved.z, { animate: false });
      st.userView = true;
      st.fitKey = saved.k === null ? undefined : saved.k;
    } else {
      fit(st, data.bounds);
    }
    st.map.on("moveend", () => saveView(st));
    st.resize = new ResizeObserver(() => resized(st));
    st.resize.observe(st.box);
    watchUser(st);
    st.unfocus = releaseFocus(st.root, st.box);
  });
  st.ready.catch(() => { st.ready = null; });
  return st.ready;
}

function styleFor(st, i) {
  const d = st.data;
  const c = d.c[i];
  const contrast = d.opt.contrast;
  let s;
  if (c === -2) s = { ...FILTERED };
  else if (c === -1) s = { ...MISSING };
  else s = { color: contrast ? "#000000" : STYLE.class.edge, weight: contrast ? 1.2 : STYLE.class.weight, fillColor: d.pal[c], dashArray: null };
  if (contrast && c < 0) s.weight = 1.2;
  s.fillOpacity = d.tiles ? 0.75 : 1;
  s.opacity = 1;
  if (i === d.sel) Object.assign(s, { color: STYLE.selected_edge, weight: contrast ? 5 : STYLE.selected_weight, dashArray: null });
  else if (d.peers && d.peers.includes(i)) Object.assign(s, { color: STYLE.peer_edge, weight: 2, dashArray: "6 4" });
  return s;
}

function tooltip(st, i) {
  const d = st.data;
  const lab = d.lab;
  const lines = [`<b>${st.names[i]}</b>`];
  if (d.c[i] === -2) lines.push(lab.outside);
  lines.push(`${lab.value}: <b>${valueText(d, i)}</b>`);
  if (d.why && d.why[i] !== undefined) lines.push(d.why[i]);
  const r = rankText(d, i);
  if (r) lines.push(`${lab.rank}: ${r}`);
  if (d.meta) lines.push(`<span class="rd-tip-meta">${d.meta}</span>`);
  return lines.join("<br>");
}

// the value as shown: its unit is sent once ("vu"), except for the entries listed in "vx"
function valueText(d, i) {
  return d.vu && !(d.vx && d.vx.includes(i)) ? d.v[i] + d.vu : d.v[i];
}

function rankText(d, i) {
  if (d.rt) return d.rt[i] || "";
  if (!d.rk) return "";
  const k = d.rk;
  const parts = [];
  if (k.sel && k.sel[i]) parts.push(k.tsel.replace("{r}", k.sel[i]).replace("{n}", k.nsel));
  if (k.vl && k.vl[i]) parts.push(k.tvl.replace("{r}", k.vl[i]).replace("{n}", k.nvl));
  return parts.join("<br>");
}

function buildLayer(st, geo) {
  const L = st.L;
  if (st.layer) st.layer.remove();
  st.layers = [];
  st.names = [];
  st.codes = [];
  st.layer = L.geoJSON(geo, {
    style: () => ({ fillOpacity: 1 }),
    onEachFeature: (feature, layer) => {
      const i = st.layers.length;
      st.layers.push(layer);
      st.codes.push(feature.id);
      st.names.push(feature.properties.n);
      layer.bindTooltip(() => tooltip(st, i), { sticky: true });
      layer.on("click", () => st.trigger && st.trigger("click", st.codes[i]));
      layer.on("mouseover", () => hover(st, i));
    },
  }).addTo(st.map);
  // the map is one Tab stop (arrows pan, +/- zoom), not 300: a keyboard user reaches the search
  // box and the page's buttons without tabbing through every outline (Chrome focuses them)
  for (const layer of st.layers) {
    const el = layer.getElement();
    if (el) el.setAttribute("tabindex", "-1");
  }
}

function hover(st, i) {
  if (!st.data || !st.data.opt.hover) return;
  clearTimeout(st.hoverTimer);
  st.hoverTimer = setTimeout(() => st.trigger && st.trigger("hover", st.codes[i]), 400);
}

function restyle(st) {
  const d = st.data;
  if (d.c.length !== st.layers.length) return false;
  hatch(st);
  st.layers.forEach((layer, i) => {
    layer.setStyle(styleFor(st, i));
    // "buiten filter": the style table's hatch over the grey (an SVG pattern, as in the offline page)
    const el = layer.getElement();
    if (el) el.setAttribute("fill", d.c[i] === -2 ? "url(#rd-hatch)" : layer.options.fillColor);
    // an open tooltip shows this rerun's value, never the previous facet's
    const tip = layer.getTooltip();
    if (tip && layer.isTooltipOpen()) tip.update();
  });
  for (const p of d.peers || []) st.layers[p] && st.layers[p].bringToFront();
  if (d.sel >= 0 && st.layers[d.sel]) st.layers[d.sel].bringToFront();
  return true;
}

function view(st) {
  const d = st.data;
  if (d.fit && d.fit.k !== st.fitKey) {
    if (st.fitKey !== undefined || d.fit.k) fit(st, d.fit.b);
    st.fitKey = d.fit.k;
  }
  // "Zoom naar geselecteerde gemeente": at once when ticked, and on every new selection
  if (d.opt.zoom && d.sel >= 0 && d.sel !== st.zoomed && st.layers[d.sel]) {
    fit(st, st.layers[d.sel].getBounds(), { maxZoom: 11, padding: [40, 40], animate: false });
  }
  st.zoomed = d.opt.zoom ? d.sel : undefined;
}

// Opt-in background map (sidebar toggle, "online only"): the only request leaving the machine.
function tiles(st, on) {
  if (on && !st.tiles) {
    st.tiles = st.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution: "&copy; OpenStreetMap",
    }).addTo(st.map);
    st.attribution = st.L.control.attribution().addTo(st.map);
  } else if (!on && st.tiles) {
    st.tiles.remove();
    st.attribution.remove();
    st.tiles = st.attribution = null;
  }
}

async function update(st, data) {
  const { box } = st;
  box.style.height = data.height;
  box.setAttribute("aria-label", data.label);
  box.classList.toggle("rd-contrast", !!data.opt.contrast);
  box.classList.toggle("rd-big", !!data.opt.big);
  if (st.geoUrl !== data.geo) {
    const geo = await loadGeo(data.geo);
    if (st.latest !== data) return;
    buildLayer(st, geo);
    st.geoUrl = data.geo;
  }
  st.data = withTips(st, data);
  tiles(st, !!data.tiles);
  if (!restyle(st)) return;
  view(st);
  clearError(st);
  box.dataset.rdVersion = data.ver;
  box.dataset.rdCount = String(st.layers.length);
}

// The tooltip texts come once per indicator and filter ("tip" names them); a colour change sends
// only the colours and this page reuses the texts it has. When it lacks them (a new page, a lost
// message) it asks for them ("tips") and shows the values empty until they come.
const TIPS = new Map();
const TIP_KEYS = ["v", "vu", "vx", "why", "rk", "rt", "meta", "lab"];

function withTips(st, data) {
  if (data.v !== undefined) {
    TIPS.delete(data.tip);
    TIPS.set(data.tip, Object.fromEntries(TIP_KEYS.filter((k) => k in data).map((k) => [k, data[k]])));
    while (TIPS.size > 24) TIPS.delete(TIPS.keys().next().value);
    return data;
  }
  const kept = TIPS.get(data.tip);
  if (kept) return { ...data, ...kept };
  if (st.trigger) st.trigger("tips", data.tip);
  return { ...data, v: data.c.map(() => ""), lab: { value: "", rank: "", outside: "" }, meta: "" };
}

function teardown(root) {
  const st = STATE.get(root);
  if (!st) return;
  STATE.delete(root);
  if (st.resize) st.resize.disconnect();
  if (st.unfocus) st.unfocus();
  if (st.map) st.map.remove();
}

export default function render(args) {
  const { data, parentElement: root, setTriggerValue } = args;
  const g = globalThis;
  load = g.__rdLoad || (g.__rdLoad = LOAD);
  let st = STATE.get(root);
  if (!st) {
    st = create(root, data);
    STATE.set(root, st);
  }
  st.trigger = setTriggerValue;
  st.latest = data;
  loadGeo(data.geo).catch(() => {}); // in parallel with Leaflet and its CSS
  ready(st, data)
    .then(() => update(st, data))
    .catch((err) => {
      console.error("ruraldash map", err);
      if (st.latest === data) showError(st, data.err);
    });
  return () => {
    setTimeout(() => { if (!hostOf(root).isConnected) teardown(root); }, 0);
  };
}
