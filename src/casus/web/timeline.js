// Events over time, stacked by PLOVER type. Drag across the chart to zoom (sets the
// date filters); click a bar to list its events; click a legend entry to filter by type.
import {h, s, clear, TYPES, typeColour} from "./dom.js";
import {api, currentFilters, link} from "./state.js";
import {timeScale, timeAxis, valueAxis, nextPeriod, periodLast, periodLabel, domain} from "./chart.js";
import {eventList} from "./events.js";

const W = 1320, H = 330, M = {left: 56, right: 16, top: 12, bottom: 34};

export async function render(el, route, current) {
  const params = route.params;
  const bucket = params.get("bucket") || "month";
  const filters = currentFilters();
  const data = await api("timeline", {...filters, bucket});
  if (!current()) return;

  const byPeriod = new Map();
  const totals = new Map();
  for (const item of data.items) {
    if (!byPeriod.has(item.period)) byPeriod.set(item.period, new Map());
    byPeriod.get(item.period).set(item.type, item.events);
    totals.set(item.type, (totals.get(item.type) || 0) + item.events);
  }
  const total = [...totals.values()].reduce((a, b) => a + b, 0);

  const set = (changes) => link("timeline", null, {...Object.fromEntries(params), ...changes});
  const controls = h("div", {class: "controls"},
    h("h2", {}, "Events by type over time"),
    h("span", {class: "muted"}, `${total.toLocaleString("en")} dated events`),
    h("span", {class: "spacer"}),
    h("span", {class: "seg"}, ["day", "week", "month", "year"].map((b) =>
      h("a", {href: set({bucket: b, sel: null}), class: b === bucket ? "on" : null}, b))));
  const legend = h("div", {class: "legend"}, TYPES.filter((t) => totals.has(t)).map((t) => {
    const active = filters.type && filters.type.split(",").includes(t);
    const swatch = h("span", {class: "swatch"});
    swatch.style.background = typeColour(t);
    return h("a", {href: set({type: active ? null : t, sel: null}), class: ["legend-item", active && "on"],
      title: active ? "Show all types" : `Only ${t}`}, swatch, `${t} `, h("span", {class: "muted"}, totals.get(t)));
  }));
  const list = h("div", {class: "list"});
  clear(el).append(controls, legend);

  const periods = [...byPeriod.keys()].sort();
  if (!periods.length) {
    el.append(h("p", {class: "muted empty"}, "No dated events match these filters."), list);
    await eventList(list, filters, "Events");
    return;
  }
  const [first, last] = domain(periods, bucket);
  const lo = filters.since && filters.since < first ? filters.since : first;
  const hi = filters.until && filters.until > last ? filters.until : last;
  const x = timeScale(lo, hi, M.left, W - M.right);
  const max = Math.max(...periods.map((p) => [...byPeriod.get(p).values()].reduce((a, b) => a + b, 0)));
  const [yAxis, y] = valueAxis(0, max, H - M.bottom, M.top, M.left, W - M.right, "events");
  const svg = s("svg", {viewBox: `0 0 ${W} ${H}`, class: "chart timeline", role: "img", "aria-label": "events by type over time"});
  svg.append(yAxis, timeAxis(x, H - M.bottom));
  const selected = params.get("sel");
  const bars = s("g", {class: "bars"});
  for (const period of periods) {
    const x0 = x(period), x1 = x(nextPeriod(period, bucket));
    const width = Math.max(1.5, x1 - x0 - Math.min(2, (x1 - x0) * 0.15));
    let acc = 0;
    for (const type of TYPES) {
      const n = byPeriod.get(period).get(type);
      if (!n) continue;
      const rect = s("rect", {x: x0, y: y(acc + n), width, height: Math.max(0.5, y(acc) - y(acc + n)), fill: typeColour(type),
        class: ["bar", selected === `${period}|${type}` && "selected"], dataset: {period, type}},
      s("title", {}, `${periodLabel(period, bucket)} · ${type}: ${n}`));
      rect.addEventListener("click", () => { location.hash = set({sel: `${period}|${type}`}); });
      bars.append(rect);
      acc += n;
    }
  }
  svg.append(bars);
  addBrush(svg, x, (since, until) => {
    location.hash = link("timeline", null, {...Object.fromEntries(params), since, until, sel: null});
  });
  el.append(h("div", {class: "chart-wrap"}, svg),
    h("p", {class: "hint muted"}, "Drag across the chart to zoom into a period · click a bar for its events · click a type to filter"),
    list);

  if (selected) {
    const [period, type] = selected.split("|");
    await eventList(list, {...filters, type, since: period, until: periodLast(period, bucket)},
      `${type} events, ${periodLabel(period, bucket)}`);
  } else {
    await eventList(list, filters, "Events");
  }
}

/** Drag horizontally to choose a date range. */
function addBrush(svg, x, done) {
  const band = s("rect", {class: "brush", y: M.top, height: H - M.top - M.bottom, width: 0, x: 0});
  svg.append(band);
  let start = null;
  const px = (e) => {
    const box = svg.getBoundingClientRect();
    return Math.max(x.x0, Math.min(x.x1, ((e.clientX - box.left) / box.width) * W));
  };
  svg.addEventListener("mousedown", (e) => { start = px(e); band.setAttribute("x", start); band.setAttribute("width", 0); });
  svg.addEventListener("mousemove", (e) => {
    if (start === null) return;
    const cur = px(e);
    band.setAttribute("x", Math.min(start, cur));
    band.setAttribute("width", Math.abs(cur - start));
  });
  window.addEventListener("mouseup", (e) => {
    if (start === null) return;
    const end = px(e);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    if (b - a > 6) done(x.invert(a), x.invert(b));
    else band.setAttribute("width", 0);
  }, {once: false});
}
