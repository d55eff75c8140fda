// Dyads: who acts on whom, and one dyad's escalation index over time with its events.
import {h, s, clear, escalationColour, sortable} from "./dom.js";
import {api, currentFilters, link} from "./state.js";
import {timeScale, timeAxis, valueAxis, nextPeriod, periodLabel, domain} from "./chart.js";
import {eventList} from "./events.js";

const W = 900, H = 300, M = {left: 60, right: 70, top: 14, bottom: 34};

export async function render(el, route, current) {
  const params = route.params;
  const filters = currentFilters();
  const dyads = await api("dyads", {...filters, limit: 300});
  if (!current()) return;
  const source = params.get("source") || (dyads.items[0] || {}).source;
  const target = params.get("target") || (dyads.items[0] || {}).target;
  const both = params.get("both") === "true";
  const bucket = params.get("bucket") || "month";
  const set = (changes) => link("dyad", null, {...Object.fromEntries(params), ...changes});

  const rows = dyads.items.map((d) => {
    const tr = h("tr", {class: ["clickable", d.source === source && d.target === target && "on"]},
      h("td", {}, d.source_name || d.source, h("span", {class: "arrow"}, " → "), d.target_name || d.target),
      h("td", {class: "num"}, d.events),
      h("td", {class: "num esc"}, Math.round(d.escalation)));
    tr.querySelector(".esc").style.color = escalationColour(d.escalation / (d.events || 1));
    tr.addEventListener("click", () => { location.hash = set({source: d.source, target: d.target}); });
    return tr;
  });
  const table = h("table", {},
    h("thead", {}, h("tr", {}, h("th", {}, "Source → target"), h("th", {class: "num", dataset: {kind: "num"}}, "Events"),
      h("th", {class: "num", dataset: {kind: "num"}, title: "sum of event weights: negative is conflict"}, "Escalation"))),
    h("tbody", {}, rows));
  sortable(table);
  const listPanel = h("div", {},
    h("h3", {}, "Dyads ", h("span", {class: "muted"}, `(${dyads.total})`)),
    h("div", {class: "dyad-list"}, table));
  const detail = h("div", {class: "dyad-detail"});
  clear(el).append(h("div", {class: "dyad-grid"}, listPanel, detail));
  if (!source || !target) {
    detail.append(h("p", {class: "muted empty"}, "No dyads match these filters."));
    return;
  }

  const [series, names] = await Promise.all([
    api("escalation", {...filters, source, target, bucket, both: both ? "true" : null}),
    api("dyads", {source, target, limit: 1}),
  ]);
  if (!current()) return;
  const d = names.items[0] || {};
  const title = h("div", {class: "dyad-title"},
    h("h2", {}, d.source_name || source, h("span", {class: "arrow"}, both ? " ↔ " : " → "), d.target_name || target),
    h("span", {class: "seg"},
      h("a", {href: set({both: null}), class: both ? null : "on"}, "one way"),
      h("a", {href: set({both: "true"}), class: both ? "on" : null}, "both ways")),
    h("span", {class: "seg"}, ["week", "month"].map((b) => h("a", {href: set({bucket: b}), class: b === bucket ? "on" : null}, b))),
    h("a", {href: link("timeline", null, {...filters, actor: source})}, "timeline of source"));
  const legend = h("div", {class: "legend"},
    h("span", {class: "legend-item"}, swatch("#b2182b"), "conflict (negative weight)"),
    h("span", {class: "legend-item"}, swatch("#2166ac"), "cooperation (positive)"),
    h("span", {class: "legend-item"}, swatch("#17202e", "line"), "cumulative index (right axis)"));
  detail.append(title, h("p", {class: "muted small"},
    "Escalation index: the sum of a Goldstein-like weight per event (type, mode and modality), per period."),
  legend, escalationChart(series.items, bucket));
  const events = h("div", {});
  detail.append(events);
  await eventList(events, {...filters, source, target}, "Events " + (d.source_name || source) + " → " + (d.target_name || target));
  if (both) {
    const back = h("div", {});
    detail.append(back);
    await eventList(back, {...filters, source: target, target: source}, "Events " + (d.target_name || target) + " → " + (d.source_name || source));
  }
}

function swatch(colour, kind) {
  const el = h("span", {class: ["swatch", kind]});
  el.style.background = colour;
  return el;
}

function escalationChart(items, bucket) {
  if (!items.length) return h("p", {class: "muted empty"}, "No dated events for this dyad.");
  const [lo, hi] = domain(items.map((i) => i.period), bucket);
  const x = timeScale(lo, hi, M.left, W - M.right);
  const vals = items.map((i) => i.escalation);
  const [yAxis, y] = valueAxis(Math.min(0, ...vals), Math.max(0, ...vals), H - M.bottom, M.top, M.left, W - M.right, "escalation per period");
  const cums = items.map((i) => i.cumulative);
  const [cAxis, c] = valueAxis(Math.min(0, ...cums), Math.max(0, ...cums), H - M.bottom, M.top, M.left, W - M.right, "cumulative", true);
  const svg = s("svg", {viewBox: `0 0 ${W} ${H}`, class: "chart escalation", role: "img", "aria-label": "escalation index over time"});
  svg.append(yAxis, cAxis, timeAxis(x, H - M.bottom));
  for (const item of items) {
    const x0 = x(item.period), x1 = x(nextPeriod(item.period, bucket));
    const width = Math.max(2, (x1 - x0) * 0.8);
    const top = Math.min(y(0), y(item.escalation));
    svg.append(s("rect", {x: x0 + (x1 - x0 - width) / 2, y: top, width, height: Math.max(1, Math.abs(y(item.escalation) - y(0))),
      fill: item.escalation < 0 ? "#b2182b" : "#2166ac", class: "bar"},
    s("title", {}, `${periodLabel(item.period, bucket)}: ${item.events} events, escalation ${Math.round(item.escalation)}`)));
  }
  svg.append(s("line", {class: "zero", x1: M.left, x2: W - M.right, y1: y(0), y2: y(0)}));
  const points = items.map((i) => [(x(i.period) + x(nextPeriod(i.period, bucket))) / 2, c(i.cumulative)]);
  svg.append(s("polyline", {class: "cumulative", points: points.map((p) => p.join(",")).join(" ")}));
  for (const [px, py] of points) svg.append(s("circle", {class: "cumulative-dot", cx: px, cy: py, r: 2.5}));
  return h("div", {class: "chart-wrap"}, svg);
}
