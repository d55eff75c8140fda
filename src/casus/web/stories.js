// Story clusters: a searchable list, and a page per story with its articles and events.
import {h, clear, typeChip} from "./dom.js";
import {api, link} from "./state.js";
import {eventTable} from "./events.js";

export async function render(el, route, current) {
  return route.view === "story" && route.id ? storyPage(el, route.id, current) : storyList(el, route, current);
}

async function storyList(el, route, current) {
  const q = route.params.get("q") || "";
  const data = await api("stories", {q, limit: 200});
  if (!current()) return;
  const search = h("input", {type: "search", name: "story-q", placeholder: "search story labels", value: q, size: 30});
  search.addEventListener("change", () => { location.hash = link("stories", null, {q: search.value.trim()}); });
  const rows = data.items.map((st) => {
    const tr = h("tr", {class: "clickable", dataset: {story: st.id}},
      h("td", {}, h("a", {href: link("story", st.id)}, st.label || st.id)),
      h("td", {class: "nowrap"}, st.first_seen || "—"),
      h("td", {class: "nowrap"}, st.last_seen || "—"),
      h("td", {class: "num"}, st.articles), h("td", {class: "num"}, st.outlets), h("td", {class: "num"}, st.events ?? ""));
    tr.addEventListener("click", (e) => { if (!e.target.closest("a")) location.hash = link("story", st.id); });
    return tr;
  });
  clear(el).append(
    h("div", {class: "controls"}, h("h2", {}, "Stories"), h("span", {class: "muted"}, `${data.total} story clusters`),
      h("span", {class: "spacer"}), search),
    h("p", {class: "muted small"}, "Articles about the same real-world story, grouped across outlets; copies and rewrites count once per outlet."),
    h("table", {class: "stories"},
      h("thead", {}, h("tr", {}, ["Story", "First seen", "Last seen", "Articles", "Outlets", "Events"].map((c, i) =>
        h("th", {class: i > 2 ? "num" : null}, c)))),
      h("tbody", {}, rows)));
}

async function storyPage(el, id, current) {
  const data = await api(`stories/${encodeURIComponent(id)}`);
  if (!current()) return;
  const st = data.story;
  const types = new Map();
  for (const e of data.events) types.set(e.type, (types.get(e.type) || 0) + 1);
  const articles = data.articles.map((a) => h("tr", {},
    h("td", {}, h("a", {href: link("doc", a.id)}, a.title || a.id),
      a.duplicate_of ? h("span", {class: "muted small"}, ` copy of ${a.duplicate_of}`) : null),
    h("td", {class: "nowrap"}, a.date || "undated"),
    h("td", {class: "muted"}, a.source || ""),
    h("td", {class: "muted small"}, a.url || "")));
  clear(el).append(
    h("p", {class: "small"}, h("a", {href: link("stories")}, "← all stories")),
    h("div", {class: "story-head"}, h("h2", {}, st.label || st.id),
      h("span", {class: "muted"}, `${st.first_seen || "?"} – ${st.last_seen || "?"} · ${st.articles} articles · ${st.outlets} outlets`)),
    h("div", {class: "legend"}, [...types.entries()].sort((a, b) => b[1] - a[1]).map(([t, n]) =>
      h("span", {class: "legend-item"}, typeChip(t), ` ${n}`))),
    h("h3", {}, "Articles ", h("span", {class: "muted"}, `(${data.articles.length})`)),
    h("table", {}, h("thead", {}, h("tr", {}, ["Title", "Date", "Source", "URL"].map((c) => h("th", {}, c)))),
      h("tbody", {}, articles)),
    h("h3", {}, "Events ", h("span", {class: "muted"}, `(${data.events.length})`)),
    data.events.length ? eventTable(data.events) : h("p", {class: "muted"}, "No events."));
}
