// Router, filter bar and header. Views render into <main> from the URL hash alone; the filter
// bar is on every view, and its lists offer the values that have events, with how many.
import {h, clear, showError} from "./dom.js";
import {FILTERS, FILTER_INFO, api, parseHash, link, currentFilters, loadFilters, filterNames, filtersFor} from "./state.js";
import * as timeline from "./timeline.js";
import * as dyad from "./dyad.js";
import * as network from "./network.js";
import * as map from "./map.js";
import * as stories from "./stories.js";
import * as doc from "./doc.js";

const VIEWS = {timeline, dyad, network, map, stories, story: stories, doc};
const FACETS = ["type", "modality", "country"];  // the lists GET /api/facets counts
const form = document.getElementById("filters");
const actorNames = new Map();
const ACTOR_FILTERS = new Set(["actor", "source", "target"]);
const INPUTS = {integer: {type: "number", step: "1"}, number: {type: "number", step: "any"}};

/** The form's control for filter NAME, or null (namedItem: a name never clashes with the collection's own). */
function control(name) {
  return form.elements.namedItem(name);
}

let facetsId = 0;
/** Refill the type, modality and country lists with the values that have events under the other
 * filters, and their counts; a chosen value stays listed, even with none. */
async function updateFacets(filters) {
  const mine = ++facetsId;
  const facets = await api("facets", filters);
  if (mine !== facetsId) return;
  for (const name of FACETS) {
    const select = control(name);
    const first = select.options[0];
    const chosen = filters[name] || "";
    const items = facets[name];
    if (chosen && !items.some((item) => item.value.toLowerCase() === chosen.toLowerCase())) {
      items.unshift({value: chosen, events: null});  // e.g. a comma list from a link: counted by the view
    }
    clear(select).append(first, ...items.map((item) =>
      h("option", {value: item.value}, `${item.name ? `${item.name}, ${item.value}` : item.value}` +
        (item.events === null ? "" : ` (${item.events})`))));
    select.value = items.find((item) => item.value.toLowerCase() === chosen.toLowerCase())?.value ?? "";
  }
}

/** A control for every filter the page has none for, under "More filters". */
function moreFilters() {
  const extra = FILTERS.filter((k) => !control(k));
  if (!extra.length) return;
  const box = h("div", {});
  Object.assign(box.style, {display: "flex", flexWrap: "wrap", gap: "6px 10px", paddingTop: "6px"});
  for (const name of extra) {
    const info = FILTER_INFO.get(name);
    const kind = INPUTS[info.type] || {type: "text"};
    const input = info.type === "boolean"
      ? h("input", {name, type: "checkbox", value: "true"})
      : h("input", {name, type: kind.type, step: kind.step || null, size: 10,
        list: ACTOR_FILTERS.has(name) ? "actor-list" : null});
    box.append(h("label", {title: info.help}, name.replace(/_/g, " "), input));
  }
  const more = h("details", {class: "more-filters"}, h("summary", {}, "More filters"), box);
  more.addEventListener("toggle", () => { more.style.flexBasis = more.open ? "100%" : ""; });
  form.append(more);
}

function syncForm() {
  const filters = currentFilters();
  const names = filterNames();
  let more = 0;
  for (const k of FILTERS) {
    const el = control(k);
    if (!el) continue;
    el.disabled = !names.includes(k);  // e.g. source and target on the dyad view, which picks them itself
    const v = filters[k] || "";
    if (el.type === "checkbox") el.checked = /^(true|1|yes|on)$/i.test(v); else el.value = v;
    if (v && el.closest(".more-filters")) more++;
  }
  const details = form.querySelector(".more-filters");
  if (details) {
    details.querySelector("summary").textContent = more ? `More filters (${more})` : "More filters";
    if (more && String(more) !== details.dataset.count) details.open = true;  // show what newly filters the view
    details.dataset.count = String(more);
  }
}

async function resolveActor(text) {
  if (!text || actorNames.has(text)) return text;
  const found = await api("actors", {q: text, limit: 1});
  return found.items.length ? found.items[0].id : text;
}

/** The view again, with the form's filters (the view's own parameters kept). */
async function applyForm() {
  const {view, id, params} = parseHash();
  const next = new URLSearchParams(params);
  for (const k of filterNames(view)) {
    const el = control(k);
    if (!el) continue;
    let v = el.type === "checkbox" ? (el.checked ? "true" : "") : el.value.trim();
    if (ACTOR_FILTERS.has(k)) v = await resolveActor(v);
    if (v) next.set(k, v); else next.delete(k);
  }
  location.hash = link(view, id, next);
}

async function header() {
  moreFilters();
  form.addEventListener("change", applyForm);
  form.addEventListener("submit", (e) => { e.preventDefault(); applyForm(); });
  document.getElementById("reset").addEventListener("click", () => {
    const {view, id, params} = parseHash();
    for (const k of filterNames(view)) params.delete(k);
    location.hash = link(view, id, params);
  });
  try {
    const [stats, actors] = await Promise.all([api("stats"), api("actors", {limit: 1000})]);
    const statsEl = document.getElementById("stats");
    clear(statsEl).append(...["documents", "articles", "stories", "events"].map(
      (k) => h("span", {}, h("b", {}, (stats[k] ?? 0).toLocaleString("en")), ` ${k}`)));
    const list = document.getElementById("actor-list");
    for (const a of actors.items) {
      actorNames.set(a.id, a.name);
      if (a.events) list.append(h("option", {value: a.id}, `${a.name} (${a.events})`));
    }
  } catch (err) {
    showError(document.getElementById("stats"), err);
  }
}

let renderId = 0;
async function route() {
  const current = parseHash();
  const view = VIEWS[current.view] ? current.view : "timeline";
  const filters = currentFilters();
  for (const a of document.querySelectorAll("#nav a")) {
    a.setAttribute("href", link(a.dataset.view, null, filtersFor(a.dataset.view, filters)));
    a.classList.toggle("active", a.dataset.view === view || (view === "story" && a.dataset.view === "stories"));
  }
  syncForm();
  updateFacets(filters).catch((err) => showError(document.getElementById("stats"), err));
  const main = document.getElementById("view");
  delete main.dataset.ready;
  const mine = ++renderId;
  const el = h("div", {class: `view view-${view}`});
  clear(main).append(el);
  try {
    await VIEWS[view].render(el, current, () => mine === renderId);
  } catch (err) {
    showError(el, err);
  }
  if (mine === renderId) main.dataset.ready = view;
}

// The filter list comes from the API (GET /api/filters) before anything reads the URL's filters.
loadFilters().then(() => {
  window.addEventListener("hashchange", route);
  header();
  route();
}, (err) => showError(document.getElementById("view"), err));
