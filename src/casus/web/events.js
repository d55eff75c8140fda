// The event list every view shares: one row per event, a click opens its evidence.
import {h, clear, typeChip, loading, showError} from "./dom.js";
import {api, link} from "./state.js";

export function actorLabel(side) {
  if (!side) return "—";
  return side.name || side.text || side.actor || "—";
}

export function dateLabel(date) {
  if (!date) return "—";
  if (date.value && (date.precision === "day" || !date.earliest)) return date.value;
  if (date.earliest && date.latest) return date.earliest === date.latest ? date.earliest : `${date.earliest} – ${date.latest}`;
  return date.value || date.earliest || date.latest || "undated";
}

export function evidenceLink(event) {
  return link("doc", event.article_id, {event: event.id});
}

function row(event) {
  const place = event.place ? `${event.place.name || ""}${event.place.country ? ", " + event.place.country : ""}` : "—";
  const casualties = [event.killed ? `${event.killed} killed` : null, event.injured ? `${event.injured} injured` : null]
    .filter(Boolean).join(", ");
  const tr = h("tr", {class: "event-row", tabindex: 0, dataset: {event: event.id}},
    h("td", {class: "nowrap"}, dateLabel(event.date)),
    h("td", {}, typeChip(event.type), event.mode ? h("span", {class: "muted small"}, " " + event.mode) : null),
    h("td", {}, h("span", {class: "actor"}, actorLabel(event.source)), h("span", {class: "arrow"}, " → "),
      h("span", {class: "actor"}, actorLabel(event.target))),
    h("td", {}, place),
    h("td", {}, h("span", {class: `modality m-${event.modality}`}, event.modality || "—")),
    h("td", {class: "num"}, event.independent_reports ?? event.reports ?? ""),
    h("td", {class: "sentence"}, h("a", {href: evidenceLink(event)}, event.sentence || ""),
      casualties ? h("span", {class: "casualties"}, " " + casualties) : null,
      event.attribution && event.attribution.text ? h("span", {class: "muted small"}, ` — according to ${event.attribution.text}`) : null));
  const open = () => { location.hash = evidenceLink(event); };
  tr.addEventListener("click", (e) => { if (!e.target.closest("a")) open(); });
  tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
  return tr;
}

/** A table of events. */
export function eventTable(items) {
  return h("table", {class: "events"},
    h("thead", {}, h("tr", {},
      ["Date", "Type", "Source → target", "Place", "Modality", "Reports", "Evidence"].map((c) => h("th", {}, c)))),
    h("tbody", {}, items.map(row)));
}

/** Fill EL with the events matching PARAMS, 50 at a time with a "more" button. */
export async function eventList(el, params, title = "Events") {
  loading(el, "Loading events");
  const pageSize = 50;
  try {
    const first = await api("events", {...params, limit: pageSize, offset: 0});
    const body = eventTable(first.items);
    const heading = h("h3", {}, `${title} `, h("span", {class: "muted"}, `(${first.total})`));
    clear(el).append(heading, first.items.length ? body : h("p", {class: "muted"}, "No events match."));
    let offset = first.items.length;
    if (offset < first.total) {
      const more = h("button", {type: "button", class: "more"}, "Show more");
      more.addEventListener("click", async () => {
        const next = await api("events", {...params, limit: pageSize, offset});
        body.querySelector("tbody").append(...next.items.map(row));
        offset += next.items.length;
        if (offset >= first.total || !next.items.length) more.remove();
      });
      el.append(more);
    }
  } catch (err) {
    showError(el, err);
  }
}
