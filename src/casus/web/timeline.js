// Events over time, stacked by PLOVER type. The axis fits the bulk of the events: a few far
// dates (a background mention, a plan "up to 2030") are marked at its ends, not drawn to scale.
// Drag across the chart to filter to a period; click a bar to list its events; click a legend
// entry to filter by type.
import {h, s, clear, TYPES, typeColour} from "./dom.js";
import {api, currentFilters, link} from "./state.js";
import {timeScale, timeAxis, valueAxis, nextPeriod, periodLast, periodLabel, domain} from "./chart.js";
import {eventList, totalsOf} from "./events.js";

const H = 330, M = {left: 56, right: 16, top: 12, bottom: 34};
const TRIM = 0.02;  // the share of the events at each end that may fall outside the axis

/** [first, last] indexes of the periods holding the bulk of the events: whole periods are left
 * out at each end while they hold at most 2 % of the events (so none of fewer than 50). */
function bulk(counts) {
  const cut = Math.floor(counts.reduce((a, b) => a + b, 0) * TRIM);
  let first = 0, last = counts.length - 1;
  for (let out = counts[first]; out <= cut && first < last; out += counts[first]) first++;
  for (let out = counts[last]; out <= cut && last > first; out += counts[last]) last--;
  return [first, last];
}

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
  const all = params.get("fit") === "all" || Boolean(filters.since || filters.until);
  const controls = h("div", {class: "controls"},
    h("h2", {}, "Events by type over time"),
    totalsOf(filters),
    h("span", {class: "muted", title: "events with a date, their own or their article's"}, `(${total.toLocaleString("en")} dated)`),
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

  const everyPeriod = [...byPeriod.keys()].sort();
  if (!everyPeriod.length) {
    el.append(h("p", {class: "muted empty"}, "No dated events match these filters."), list);
    await eventList(list, filters, "Events");
    return;
  }
  const count = (p) => [...byPeriod.get(p).values()].reduce((a, b) => a + b, 0);
  const [a, b] = all ? [0, everyPeriod.length - 1] : bulk(everyPeriod.map(count));
  const W = Math.max(560, Math.min(1320, el.clientWidth - 36));  // drawn at the page's scale: text stays legible
  const periods = everyPeriod.slice(a, b + 1);
  const [first, last] = domain(periods, bucket);
  const lo = filters.since && filters.since < first ? filters.since : first;
  const hi = filters.until && filters.until > last ? filters.until : last;
  const x = timeScale(lo, hi, M.left, W - M.right);
  const max = Math.max(...periods.map(count));
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
  addBrush(svg, x, W, (since, until) => {
    location.hash = link("timeline", null, {...Object.fromEntries(params), since, until, sel: null});
  });
  // the events outside the axis: a mark at each end that lists them
  const before = everyPeriod.slice(0, a), after = everyPeriod.slice(b + 1);
  const outliers = [];
  if (before.length) {
    outliers.push(outlier(svg, W, "earlier", before.map(count).reduce((p, q) => p + q, 0), before, bucket,
      set({until: periodLast(before[before.length - 1], bucket), sel: null})));
  }
  if (after.length) {
    outliers.push(outlier(svg, W, "later", after.map(count).reduce((p, q) => p + q, 0), after, bucket,
      set({since: after[0], sel: null})));
  }
  el.append(h("div", {class: "chart-wrap"}, svg),
    h("p", {class: "hint muted"}, "Drag across the chart to filter to a period · click a bar for its events · click a type to filter",
      outliers.length ? [" · the axis fits the bulk of the events: ", outliers.join(" and "), " outside it (click a mark to list them, or ",
        h("a", {href: set({fit: "all"})}, "show all dates"), ")"] : null,
      params.get("fit") === "all" ? [" · all dates shown (", h("a", {href: set({fit: null})}, "fit the bulk"), ")"] : null),
    list);

  if (selected) {
    const [period, type] = selected.split("|");
    await eventList(list, {...filters, type, since: period, until: periodLast(period, bucket)},
      `${type} events, ${periodLabel(period, bucket)}`);
  } else {
    await eventList(list, filters, "Events");
  }
}

/** A mark at the SIDE ("earlier" or "later") end of the axis (of a chart W wide) for N events in PERIODS off it;
 * a click goes to HREF (the filter that lists them). Returns its description. */
function outlier(svg, W, side, n, periods, bucket, href) {
  const left = side === "earlier";
  const span = periods.length > 1 ? `${periodLabel(periods[0], bucket)} – ${periodLabel(periods[periods.length - 1], bucket)}`
    : periodLabel(periods[0], bucket);
  const text = `${n} ${side} (${span})`;
  const xPos = left ? M.left + 6 : W - M.right - 6;
  const mark = s("g", {class: "outlier", dataset: {side, events: n}, tabindex: 0, role: "link"},
    s("text", {x: xPos, y: M.top + 12, "text-anchor": left ? "start" : "end"}, left ? `◀ ${text}` : `${text} ▶`),
    s("title", {}, `${n} events dated ${side} than the axis shows: list them`));
  const go = () => { location.hash = href; };
  mark.addEventListener("click", go);
  mark.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
  mark.addEventListener("mousedown", (e) => e.stopPropagation());  // not the start of a brush
  svg.append(mark);
  return text;
}

/** Drag horizontally across the chart (W wide) to choose a date range. */
function addBrush(svg, x, W, done) {
  const band = s("rect", {class: "brush", y: M.top, height: H - M.top - M.bottom, width: 0, x: 0});
  svg.append(band);
  let start = null;
  const px = (e) => {
    const box = svg.getBoundingClientRect();
    return Math.max(x.x0, Math.min(x.x1, ((e.clientX - box.left) / box.width) * W));
  };
  svg.addEventListener("mousedown", (e) => {
    start = px(e);
    band.setAttribute("x", start);
    band.setAttribute("width", 0);
    window.addEventListener("mouseup", (up) => {  // once per drag: a release outside the chart ends it too
      const end = px(up);
      const [a, b] = [Math.min(start, end), Math.max(start, end)];
      start = null;
      if (b - a > 6) done(x.invert(a), x.invert(b));
      else band.setAttribute("width", 0);
    }, {once: true});
  });
  svg.addEventListener("mousemove", (e) => {
    if (start === null) return;
    const cur = px(e);
    band.setAttribute("x", Math.min(start, cur));
    band.setAttribute("width", Math.abs(cur - start));
  });
}
