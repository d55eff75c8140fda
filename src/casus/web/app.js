// Router, filter bar and header. Views render into <main> from the URL hash alone.
import {h, clear, TYPES, MODALITIES, showError} from "./dom.js";
import {FILTERS, api, parseHash, link, currentFilters} from "./state.js";
import * as timeline from "./timeline.js";
import * as dyad from "./dyad.js";
import * as network from "./network.js";
import * as map from "./map.js";
import * as stories from "./stories.js";
import * as doc from "./doc.js";
import {countries} from "./world.js";

const VIEWS = {timeline, dyad, network, map, stories, story: stories, doc};
const FILTERED = new Set(["timeline", "dyad", "network", "map"]);
const form = document.getElementById("filters");
const actorNames = new Map();

function fillSelect(name, values, label = (v) => v) {
  const select = form.elements[name];
  for (const v of values) select.append(h("option", {value: v}, label(v)));
}

function syncForm() {
  const filters = currentFilters();
  for (const k of FILTERS) if (form.elements[k]) form.elements[k].value = filters[k] || "";
}

async function resolveActor(text) {
  if (!text || actorNames.has(text)) return text;
  const found = await api("actors", {q: text, limit: 1});
  return found.items.length ? found.items[0].id : text;
}

async function applyForm() {
  const {view, id, params} = parseHash();
  const next = new URLSearchParams(params);
  for (const k of FILTERS) {
    if (!form.elements[k]) continue;
    let v = form.elements[k].value.trim();
    if (k === "actor") v = await resolveActor(v);
    if (v) next.set(k, v); else next.delete(k);
  }
  location.hash = link(FILTERED.has(view) ? view : "timeline", FILTERED.has(view) ? id : null, next);
}

async function header() {
  fillSelect("type", TYPES);
  fillSelect("modality", MODALITIES);
  form.addEventListener("change", applyForm);
  form.addEventListener("submit", (e) => { e.preventDefault(); applyForm(); });
  document.getElementById("reset").addEventListener("click", () => {
    location.hash = link(parseHash().view);
  });
  try {
    const [stats, actors, world] = await Promise.all([api("stats"), api("actors", {limit: 1000}), countries()]);
    const statsEl = document.getElementById("stats");
    clear(statsEl).append(...["documents", "articles", "stories", "events"].map(
      (k) => h("span", {}, h("b", {}, (stats[k] ?? 0).toLocaleString("en")), ` ${k}`)));
    const list = document.getElementById("actor-list");
    for (const a of actors.items) {
      actorNames.set(a.id, a.name);
      if (a.events) list.append(h("option", {value: a.id}, `${a.name} (${a.events})`));
    }
    fillSelect("country", world.map((c) => c.iso2), (iso2) => `${world.find((c) => c.iso2 === iso2).name} (${iso2})`);
    syncForm();
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
    if (FILTERED.has(a.dataset.view)) a.setAttribute("href", link(a.dataset.view, null, filters));
    a.classList.toggle("active", a.dataset.view === view || (view === "story" && a.dataset.view === "stories"));
  }
  form.hidden = !FILTERED.has(view);
  syncForm();
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

window.addEventListener("hashchange", route);
header();
route();
