// Story clusters: a searchable list, and a page per story with its articles and events. The
// filters narrow both: the list to the stories with matching events, a story to those events.
import {h, clear, sortable} from "./dom.js";
import {api, currentFilters, linkWith} from "./state.js";
import {eventList, totalsOf} from "./events.js";

export async function render(el, route, current) {
  return route.view === "story" && route.id ? storyPage(el, route.id, current) : storyList(el, route, current);
}

const LIMIT = 1000;

async function storyList(el, route, current) {
  const label = route.params.get("label") || "";
  const filters = currentFilters();
  const data = await api("stories", {...filters, label, limit: LIMIT});
  if (!current()) return;
  const search = h("input", {type: "search", name: "story-label", placeholder: "search story labels", value: label, size: 30});
  search.addEventListener("change", () => { location.hash = linkWith("stories", null, {label: search.value.trim()}); });
  const filtered = Object.keys(filters).length > 0;
  const rows = data.items.map((st) => {
    const tr = h("tr", {class: "clickable", dataset: {story: st.id}},
      h("td", {}, h("a", {href: linkWith("story", st.id)}, st.label || st.id)),
      h("td", {class: "nowrap"}, st.first_seen || "—"),
      h("td", {class: "nowrap"}, st.last_seen || "—"),
      h("td", {class: "num"}, st.articles), h("td", {class: "num"}, st.outlets), h("td", {class: "num"}, st.events ?? ""));
    tr.addEventListener("click", (e) => { if (!e.target.closest("a")) location.hash = linkWith("story", st.id); });
    return tr;
  });
  const columns = [["Story", "text"], ["First seen", "date"], ["Last seen", "date"], ["Articles", "num"],
    ["Outlets", "num"], [filtered ? "Matching events" : "Events", "num"]];
  const table = h("table", {class: "stories"},
    h("thead", {}, h("tr", {}, columns.map(([c, kind]) => h("th", {class: kind === "num" ? "num" : null, dataset: {kind}}, c)))),
    h("tbody", {}, rows));
  sortable(table);
  clear(el).append(
    h("div", {class: "controls"}, h("h2", {}, "Stories"),
      h("span", {class: "muted"}, `${data.total} story clusters${filtered ? " with events matching the filters" : ""}` +
        (data.total > data.items.length ? `, the ${data.items.length} most recent shown` : "")),
      totalsOf(filters), h("span", {class: "spacer"}), search),
    h("p", {class: "muted small"}, "Articles about the same real-world story, grouped across outlets; copies and rewrites count once per outlet."),
    data.items.length ? h("div", {class: "table-wrap"}, table) : h("p", {class: "muted empty"}, "No stories match."));
}

async function storyPage(el, id, current) {
  const data = await api(`stories/${encodeURIComponent(id)}`);
  if (!current()) return;
  const st = data.story;
  const articles = data.articles.map((a) => h("tr", {},
    h("td", {}, h("a", {href: linkWith("doc", a.id)}, a.title || a.id),
      a.duplicate_of ? h("span", {class: "muted small"}, ` copy of ${a.duplicate_of}`) : null),
    h("td", {class: "nowrap", dataset: {sort: a.date || ""}}, a.date_label === "-" ? "undated" : a.date_label),
    h("td", {class: "muted path"}, a.source || ""),
    h("td", {class: "muted small path"}, a.url || "")));
  const table = h("table", {class: "articles"},
    h("thead", {}, h("tr", {}, [["Title", "text"], ["Date", "date"], ["Source", "text"], ["URL", "text"]].map(([c, kind]) =>
      h("th", {dataset: {kind}}, c)))),
    h("tbody", {}, articles));
  sortable(table);
  const events = h("div", {});
  clear(el).append(
    h("p", {class: "small"}, h("a", {href: linkWith("stories")}, "← all stories")),
    h("div", {class: "story-head"}, h("h2", {}, st.label || st.id),
      h("span", {class: "muted"}, `${st.first_seen || "?"} – ${st.last_seen || "?"} · ${st.articles} articles · ${st.outlets} outlets`)),
    h("h3", {}, "Articles ", h("span", {class: "muted"}, `(${data.articles.length})`)),
    h("div", {class: "table-wrap"}, table),
    events);
  const filters = currentFilters();
  await eventList(events, {...filters, story: st.id}, Object.keys(filters).length ? "Events matching the filters" : "Events");
}
