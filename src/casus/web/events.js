// The event list every view shares: one row per event, a click opens its evidence. Its columns
// sort on the server (the list holds only its first rows), and its heading gives the totals of
// exactly what it lists and the files to download them.
import {h, clear, typeChip, loading, showError, sortable} from "./dom.js";
import {api, apiUrl, linkWith} from "./state.js";

export function actorLabel(side) {
  if (!side) return "—";
  return side.name || side.text || side.actor || "—";
}

/** The event's own date as precisely as it is known (the server's label: "2021-07-12..18 (range)");
 * when the text gives it none, "~" and the date of the article reporting it, as the CLI shows it.
 * A line may break before the precision, never inside a date. */
export function whenLabel(event) {
  const parts = (label) => label.split(/ (?=\()/).map((part) => h("span", {class: "nowrap"}, part)).flatMap((x, i) => (i ? [" ", x] : [x]));
  if (event.date && event.date.label && event.date.label !== "-") return h("span", {}, parts(event.date.label));
  if (event.report_date_label && event.report_date_label !== "-") {
    return h("span", {class: "reported", title: "the date of the article reporting it: the text gives the event none"},
      parts(`~${event.report_date_label}`));
  }
  return "undated";
}

export function evidenceLink(event) {
  return linkWith("doc", event.article_id, {event: event.id});
}

const number = (n) => (n ?? 0).toLocaleString("en");

/** "N events · K killed · I injured" of TOTALS (an /api/events answer), and links to download the
 * events of PARAMS, in ORDER, as CSV and JSON. */
export function summary(totals, params, order = "-date") {
  const file = (format) => h("a", {href: apiUrl(`events.${format}`, {...params, sort: order}),
    download: `casus-events.${format}`, class: "download", dataset: {format}}, format.toUpperCase());
  return h("span", {class: "summary"},
    h("span", {class: "total"}, h("b", {}, number(totals.total)), " events"),
    h("span", {class: "killed", title: "each real-world event counted once, by the largest number its reports give"},
      h("b", {}, number(totals.killed)), " killed"),
    h("span", {class: "injured"}, h("b", {}, number(totals.injured)), " injured"),
    h("span", {class: "downloads"}, "download ", file("csv"), " ", file("json")));
}

/** The summary of the events matching PARAMS, filled in when their totals come. */
export function totalsOf(params) {
  const el = h("span", {class: "summary muted"}, "…");
  api("events", {...params, limit: 0}).then((totals) => el.replaceWith(summary(totals, params)),
    (err) => { el.textContent = `Could not load: ${err.message || err}`; });
  return el;
}

function row(event) {
  const place = event.place ? `${event.place.name || ""}${event.place.country ? ", " + event.place.country : ""}` : "—";
  const tr = h("tr", {class: "event-row", tabindex: 0, dataset: {event: event.id}},
    h("td", {class: "when"}, whenLabel(event)),
    h("td", {}, typeChip(event.type), event.mode ? h("span", {class: "muted small"}, " " + event.mode) : null,
      h("div", {}, h("span", {class: `modality m-${event.modality}`}, event.modality || "—"))),
    h("td", {}, h("span", {class: "actor"}, actorLabel(event.source)), h("span", {class: "arrow"}, " → "),
      h("span", {class: "actor"}, actorLabel(event.target))),
    h("td", {}, place),
    h("td", {class: "num"}, event.independent_reports ?? event.reports ?? ""),
    h("td", {class: "num casualties"}, event.killed ?? ""),
    h("td", {class: "num casualties"}, event.injured ?? ""),
    h("td", {class: "sentence"}, h("a", {href: evidenceLink(event)}, event.sentence || ""),
      event.attribution && event.attribution.text ? h("span", {class: "muted small"}, ` — according to ${event.attribution.text}`) : null));
  const open = () => { location.hash = evidenceLink(event); };
  tr.addEventListener("click", (e) => { if (!e.target.closest("a")) open(); });
  tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
  return tr;
}

// Columns: header, the server's sort key (query.SORTS), number or not.
const COLUMNS = [["Date", "date"], ["Type", "type"], ["Source → target", "actor"], ["Place", "place"],
  ["Reports", "reports", true], ["Killed", "killed", true], ["Injured", "injured", true], ["Evidence", null]];

function eventTable(items) {
  return h("table", {class: "events"},
    h("thead", {}, h("tr", {}, COLUMNS.map(([label, key, num]) =>
      h("th", {class: num ? "num" : null, dataset: key ? {key, kind: num ? "num" : key === "date" ? "date" : "text"} : null}, label)))),
    h("tbody", {}, items.map(row)));
}

/** Fill EL with the events matching PARAMS in ORDER ("-date": newest first), 50 at a time with a
 * "more" button; a click on a column header lists them anew in that column's order. */
export async function eventList(el, params, title = "Events", order = "-date") {
  el.classList.add("event-list");
  el.setAttribute("aria-busy", "true");
  loading(el, "Loading events");
  const pageSize = 50;
  try {
    const first = await api("events", {...params, sort: order, limit: pageSize, offset: 0});
    const table = eventTable(first.items);
    sortable(table, (key, descending) => eventList(el, params, title, (descending ? "-" : "") + key), order);
    clear(el).append(h("div", {class: "list-head"}, h("h3", {}, title), summary(first, params, order)),
      first.items.length ? h("div", {class: "table-wrap"}, table) : h("p", {class: "muted"}, "No events match."));
    let offset = first.items.length;
    if (offset < first.total) {
      const more = h("button", {type: "button", class: "more"}, "Show more");
      more.addEventListener("click", async () => {
        const next = await api("events", {...params, sort: order, limit: pageSize, offset});
        table.tBodies[0].append(...next.items.map(row));
        offset += next.items.length;
        if (offset >= first.total || !next.items.length) more.remove();
      });
      el.append(more);
    }
  } catch (err) {
    showError(el, err);
  }
  el.removeAttribute("aria-busy");
}
