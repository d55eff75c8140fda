// Map of event places on the shipped world outline (equirectangular: x = lon, y = -lat).
// Circles are sized by event count and cut by event type; click one for its events. Wheel
// zooms, drag pans.
import {h, s, clear, TYPES, typeColour} from "./dom.js";
import {api, currentFilters, link} from "./state.js";
import {world} from "./world.js";
import {eventList, summary} from "./events.js";

const W = 1320, H = 600;

function ringPath(ring) {
  return "M" + ring.map(([lon, lat]) => `${lon},${-lat}`).join("L") + "Z";
}

function fit(items) {
  if (!items.length) return [-180, -85, 360, 170];
  const lons = items.map((i) => i.lon), lats = items.map((i) => -i.lat);
  let [x0, x1, y0, y1] = [Math.min(...lons) - 12, Math.max(...lons) + 12, Math.min(...lats) - 8, Math.max(...lats) + 8];
  const aspect = W / H;
  let w = Math.max(x1 - x0, 30), hgt = Math.max(y1 - y0, 30 / aspect);
  if (w / hgt > aspect) hgt = w / aspect; else w = hgt * aspect;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return [cx - w / 2, cy - hgt / 2, w, hgt];
}

// Places known only as a whole country or region: their circle would sit on the country's centre
// and cover the cities there, so they are drawn as rings beneath them and listed apart.
const AREAS = new Set(["country", "region"]);

/** The SVG path of the slice of a circle at (cx, cy) of radius r from fraction a to b of a turn. */
function slice(cx, cy, r, a, b) {
  const at = (f) => [cx + r * Math.sin(2 * Math.PI * f), cy - r * Math.cos(2 * Math.PI * f)];
  const [[x0, y0], [x1, y1]] = [at(a), at(b)];
  return `M${cx},${cy}L${x0},${y0}A${r},${r} 0 ${b - a > 0.5 ? 1 : 0} 1 ${x1},${y1}Z`;
}

/** [[type, n]] of a place, most first. */
function typesOf(item) {
  return Object.entries(item.types || {}).sort((a, b) => b[1] - a[1] || TYPES.indexOf(a[0]) - TYPES.indexOf(b[0]));
}

export async function render(el, route, current) {
  const filters = currentFilters();
  const [data, outline, totals] = await Promise.all([api("map", filters), world(), api("events", {...filters, limit: 0})]);
  if (!current()) return;
  const items = data.items.filter((i) => i.lat !== null && i.lon !== null && i.lat !== undefined);
  const areas = items.filter((i) => AREAS.has(i.feature));
  const points = items.filter((i) => !AREAS.has(i.feature));
  const selected = route.params.get("sel");
  const located = items.reduce((a, i) => a + i.events, 0);
  const inAreas = areas.reduce((a, i) => a + i.events, 0);
  const count = (n, what) => `${n.toLocaleString("en")} ${what}`;
  clear(el).append(h("div", {class: "controls"},
    h("h2", {}, "Where events happened"),
    h("span", {class: "muted"}, `${count(located - inAreas, "events")} at ${count(points.length, "places")}, ` +
      `${count(inAreas, "located only to a country or region")}, ${count(totals.total - located, "without a place")}`),
    summary(totals, filters)));

  const types = new Map();
  for (const item of items) for (const [t, n] of Object.entries(item.types || {})) types.set(t, (types.get(t) || 0) + n);
  el.append(h("div", {class: "legend"}, TYPES.filter((t) => types.has(t)).map((t) => {
    const swatch = h("span", {class: "swatch"});
    swatch.style.background = typeColour(t);
    return h("span", {class: "legend-item", dataset: {type: t}}, swatch, `${t} `, h("span", {class: "muted"}, types.get(t)));
  })));

  const countries = new Set(items.map((i) => i.country));
  const svg = s("svg", {class: "chart map", role: "img", "aria-label": "map of event places", preserveAspectRatio: "xMidYMid meet"});
  const land = s("g", {});
  for (const f of outline.features) {
    const d = f.geometry.coordinates.map((poly) => poly.map(ringPath).join("")).join("");
    land.append(s("path", {class: ["land", countries.has(f.properties.iso2) && "has-events"], d, "fill-rule": "evenodd",
      dataset: {iso2: f.properties.iso2}}, s("title", {}, f.properties.name)));
  }
  const grat = s("g", {class: "graticule"});
  for (let lon = -180; lon <= 180; lon += 30) grat.append(s("line", {x1: lon, x2: lon, y1: -90, y2: 90}));
  for (let lat = -60; lat <= 60; lat += 30) grat.append(s("line", {x1: -180, x2: 180, y1: -lat, y2: -lat}));
  const rings = s("g", {}), spots = s("g", {}), labels = s("g", {});
  svg.append(grat, land, rings, spots, labels);

  const maxEvents = Math.max(1, ...items.map((i) => i.events));
  const radiusPx = (n) => 4 + 22 * Math.sqrt(n / maxEvents);
  const drawn = [...points].sort((a, b) => b.events - a.events);  // the smaller on top
  let view = fit(items);
  const key = (i) => String(i.geonameid ?? i.name);
  const choose = (item) => { location.hash = link("map", null, {...filters, sel: key(item)}); };
  const describe = (item) => `${item.name}${item.country ? ", " + item.country : ""}: ${item.events} events (` +
    `${typesOf(item).map(([t, n]) => `${t} ${n}`).join(", ")})`;

  function draw() {
    svg.setAttribute("viewBox", view.join(" "));
    const unit = view[2] / (svg.getBoundingClientRect().width || W); // degrees per screen pixel
    clear(rings); clear(spots); clear(labels);
    for (const item of areas) {
      const ring = s("circle", {class: ["area", selected === key(item) && "on"], cx: item.lon, cy: -item.lat,
        r: radiusPx(item.events) * unit, dataset: {place: key(item), country: item.country || ""}},
      s("title", {}, `${describe(item)}: only the ${item.feature} is known`));
      ring.addEventListener("click", (e) => { e.stopPropagation(); choose(item); });
      rings.append(ring);
    }
    const placed = [];
    for (const item of drawn) {
      const r = radiusPx(item.events) * unit;
      const [cx, cy] = [item.lon, -item.lat];
      const parts = typesOf(item);
      const spot = s("g", {class: ["spot", selected === key(item) && "on"],
        dataset: {place: key(item), country: item.country || "", type: parts.length ? parts[0][0] : ""}},
      s("title", {}, describe(item)));
      if (parts.length === 1) {
        spot.append(s("circle", {cx, cy, r, fill: typeColour(parts[0][0])}));
      } else {
        let at = 0;
        for (const [t, n] of parts) {
          spot.append(s("path", {d: slice(cx, cy, r, at, at + n / item.events), fill: typeColour(t)}));
          at += n / item.events;
        }
        spot.append(s("circle", {class: "rim", cx, cy, r}));
      }
      spot.addEventListener("click", (e) => { e.stopPropagation(); choose(item); });
      spots.append(spot);
      // label the bigger places where the label does not collide with one already placed
      const fs = 12 * unit, lx = item.lon + r + 3 * unit, ly = -item.lat + fs / 3;
      const box = [lx, ly - fs, lx + item.name.length * fs * 0.55, ly + 2 * unit];
      if (placed.length < 25 && !placed.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) {
        placed.push(box);
        const label = s("text", {class: "place-label", x: lx, y: ly}, item.name);
        label.style.fontSize = `${fs}px`;
        label.style.strokeWidth = `${3 * unit}px`;
        labels.append(label);
      }
    }
  }
  enablePanZoom(svg, () => view, (v) => { view = v; draw(); });

  const tools = h("div", {class: "map-tools seg"},
    h("button", {type: "button", on: {click: () => { view = fit(items); draw(); }}}, "Fit events"),
    h("button", {type: "button", on: {click: () => { view = [-180, -85, 360, 360 / (W / H)]; draw(); }}}, "World"));
  const sizes = [1, Math.round(maxEvents / 4), maxEvents].filter((v, i, a) => v > 0 && a.indexOf(v) === i);
  const legendSvg = s("svg", {class: "map", width: 170, height: 74});
  let lx = 10;
  for (const n of sizes) {
    const r = radiusPx(n);
    legendSvg.append(s("circle", {class: "size", cx: lx + r, cy: 70 - r, r}), s("text", {x: lx + r, y: 70 - 2 * r - 4, "text-anchor": "middle"}, n));
    lx += 2 * r + 16;
  }
  const legend = h("div", {class: "map-legend"}, h("div", {}, "events per place"), legendSvg,
    areas.length ? h("div", {class: "small"}, h("span", {class: "key-ring"}), " only the country or region known") : null);
  el.append(h("div", {class: "map-wrap"}, svg, tools, legend),
    h("p", {class: "hint muted"}, "Circles: places, coloured by event type · click one for its events · scroll to zoom, drag to pan"));
  draw();  // once on the page: sizes are in screen pixels
  if (areas.length) {
    el.append(h("div", {class: "areas"}, h("span", {class: "muted"}, "Located only to a country or region: "),
      [...areas].sort((a, b) => b.events - a.events).map((item) =>
        h("a", {href: link("map", null, {...filters, sel: key(item)}), class: ["area-link", selected === key(item) && "on"],
          dataset: {place: key(item)}, title: describe(item)}, `${item.name} `, h("span", {class: "muted"}, item.events)))));
  }

  const list = h("div", {});
  el.append(list);
  const chosen = items.find((i) => key(i) === selected);
  if (chosen) {
    await eventList(list, {...filters, place: chosen.geonameid ?? chosen.name}, `Events at ${chosen.name}`);
  } else {
    await eventList(list, filters, "Events");
  }
}

function enablePanZoom(svg, get, set) {
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const [x, y, w, hgt] = get();
    const box = svg.getBoundingClientRect();
    const fx = (e.clientX - box.left) / box.width, fy = (e.clientY - box.top) / box.height;
    const k = e.deltaY > 0 ? 1.25 : 0.8;
    const nw = Math.min(400, Math.max(4, w * k)), nh = nw * (hgt / w);
    set([x + (w - nw) * fx, y + (hgt - nh) * fy, nw, nh]);
  }, {passive: false});
  let drag = null;
  svg.addEventListener("mousedown", (e) => { drag = [e.clientX, e.clientY, get()]; });
  window.addEventListener("mouseup", () => { drag = null; });
  svg.addEventListener("mousemove", (e) => {
    if (!drag) return;
    const [sx, sy, [x, y, w, hgt]] = drag;
    const box = svg.getBoundingClientRect();
    const k = w / box.width;
    if (Math.abs(e.clientX - sx) + Math.abs(e.clientY - sy) > 3) set([x - (e.clientX - sx) * k, y - (e.clientY - sy) * k, w, hgt]);
  });
}
