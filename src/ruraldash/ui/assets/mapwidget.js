// ruraldash map widget (Streamlit custom component v2): one Leaflet map per component root.
//
// The inline loader (ui/mapwidget.py) imports this content-hashed module and calls render() on
// every rerun whose data changed. The map is created once per root (state in a WeakMap); a rerun
// only restyles the polygons (setStyle), so zoom, pan and the DOM node survive. Geometry arrives
// once per border set as a static file; the data holds per polygon a palette index, the tooltip
// texts (already HTML-escaped by the server) and flags. Torn down only when the root is detached.

const STATE = new WeakMap();

const FILTERED = { color: "#d9d9d9", weight: 0.5, fillColor: "#969696", dashArray: null };
const MISSING = { color: "#737373", weight: 0.8, fillColor: "#ffffff", dashArray: "2 2" };

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
.rd-map.rd-contrast .rd-tip-meta { color: #000000; }
`;

// The inline loader has usually started these already (globalThis.__rdScript / __rdGeo).
function once(store, url, make) {
  const g = globalThis;
  g[store] = g[store] || {};
  if (!g[store][url]) {
    g[store][url] = make();
    g[store][url].catch(() => { delete g[store][url]; });
  }
  return g[store][url];
}

function loadLeaflet(url) {
  return once("__rdScript", url, () => new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = url;
    s.onload = resolve;
    s.onerror = () => reject(new Error("leaflet: " + url));
    document.head.appendChild(s);
  })).then(() => globalThis.L);
}

function loadGeo(url) {
  return once("__rdGeo", url, () => fetch(url).then((r) => {
    if (!r.ok) throw new Error("geometry " + r.status);
    return r.json();
  }));
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
  st.ready = Promise.all([loadLeaflet(data.leaflet), loadCss(root, data.css)]).then(([L]) => {
    st.L = L;
    box.style.height = data.height;
    st.map = L.map(box, { zoomSnap: 0.25, zoomDelta: 0.5, attributionControl: false });
    st.map.fitBounds(data.bounds);

    st.resize = new ResizeObserver(() => st.map && st.map.invalidateSize());
    st.resize.observe(box);
    st.unfocus = releaseFocus(root, box);
  });
  return st;
}

function styleFor(st, i) {
  const d = st.data;
  const c = d.c[i];
  const contrast = d.opt.contrast;
  let s;
  if (c === -2) s = { ...FILTERED };
  else if (c === -1) s = { ...MISSING };
  else s = { color: contrast ? "#000000" : "#ffffff", weight: contrast ? 1.2 : 0.7, fillColor: d.pal[c], dashArray: null };
  if (contrast && c < 0) s.weight = 1.2;
  s.fillOpacity = d.tiles ? 0.75 : 1;
  s.opacity = 1;
  if (i === d.sel) Object.assign(s, { color: "#111111", weight: contrast ? 5 : 4, dashArray: null });
  else if (d.peers && d.peers.includes(i)) Object.assign(s, { color: "#333333", weight: 2, dashArray: "6 4" });
  return s;
}

function tooltip(st, i) {
  const d = st.data;
  const lab = d.lab;
  const lines = [`<b>${st.names[i]}</b>`];
  if (d.c[i] === -2) lines.push(lab.outside);
  lines.push(`${lab.value}: <b>${d.v[i]}</b>`);
  if (d.why && d.why[i] !== undefined) lines.push(d.why[i]);
  const r = rankText(d, i);
  if (r) lines.push(`${lab.rank}: ${r}`);
  if (d.meta) lines.push(`<span class="rd-tip-meta">${d.meta}</span>`);
  return lines.join("<br>");
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
}

function hover(st, i) {
  if (!st.data || !st.data.opt.hover) return;
  clearTimeout(st.hoverTimer);
  st.hoverTimer = setTimeout(() => st.trigger && st.trigger("hover", st.codes[i]), 400);
}

function restyle(st) {
  const d = st.data;
  if (d.c.length !== st.layers.length) return false;
  st.layers.forEach((layer, i) => layer.setStyle(styleFor(st, i)));
  for (const p of d.peers || []) st.layers[p] && st.layers[p].bringToFront();
  if (d.sel >= 0 && st.layers[d.sel]) st.layers[d.sel].bringToFront();
  return true;
}

function view(st) {
  const d = st.data;
  if (d.fit && d.fit.k !== st.fitKey) {
    if (st.fitKey !== undefined || d.fit.k) st.map.fitBounds(d.fit.b);
    st.fitKey = d.fit.k;
  }
  if (d.opt.zoom && d.sel >= 0 && d.sel !== st.zoomed && st.layers[d.sel]) {
    st.map.fitBounds(st.layers[d.sel].getBounds(), { maxZoom: 11, padding: [40, 40] });
  }
  st.zoomed = d.sel;
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
  st.data = data;
  tiles(st, !!data.tiles);
  if (!restyle(st)) return;
  view(st);
  box.dataset.rdVersion = data.ver;
  box.dataset.rdCount = String(st.layers.length);
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
  let st = STATE.get(root);
  if (!st) {
    st = create(root, data);
    STATE.set(root, st);
  }
  st.trigger = setTriggerValue;
  st.latest = data;
  loadGeo(data.geo).catch(() => {}); // in parallel with Leaflet and its CSS
  st.ready.then(() => update(st, data)).catch((err) => console.error("ruraldash map", err));
  return () => {
    setTimeout(() => { if (!hostOf(root).isConnected) teardown(root); }, 0);
  };
}
