// Document view: the clean article with entities, places, dates and event evidence
// highlighted, every event with its coding, and the raw document with what cleaning
// removed greyed out. "#/doc/ARTICLE_ID?event=EVENT_ID" selects one event's evidence; the
// events the filters leave out are marked so.
import {h, clear, typeChip, typeColour} from "./dom.js";
import {api, currentFilters, link, linkWith, parseHash} from "./state.js";
import {actorLabel, whenLabel, eventList, summary} from "./events.js";

/**
 * Split TEXT at every span boundary; each piece becomes a text node, wrapped in a
 * <span> carrying the classes, titles and data of the spans covering it.
 */
function marked(text, spans) {
  const cuts = new Set([0, text.length]);
  const valid = spans.filter((sp) => Number.isInteger(sp.start) && Number.isInteger(sp.end) && sp.start < sp.end);
  for (const sp of valid) {
    cuts.add(Math.max(0, Math.min(text.length, sp.start)));
    cuts.add(Math.max(0, Math.min(text.length, sp.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const covering = valid.filter((sp) => sp.start <= a && sp.end >= b);
    if (!covering.length) {
      out.push(document.createTextNode(piece));
      continue;
    }
    const el = h("span", {class: [...new Set(covering.map((sp) => sp.cls))],
      title: covering.map((sp) => sp.title).filter(Boolean).join("\n") || null}, piece);
    const events = covering.filter((sp) => sp.event).map((sp) => sp.event);
    if (events.length) el.dataset.events = events.join(" ");
    out.push(el);
  }
  return out;
}

/** The article's date as precisely as it is known, and how it was found ("≥ 2016-12-05, inferred"). */
function dateText(date) {
  if (!date || date.label === "-") return "undated";
  return `${date.label}${date.basis ? `, ${date.basis}` : ""}`;
}

/** What a demand, threat, accusation or promise is about: "ASSAULT (urged): militias → US forces". */
function contentText(c) {
  return `${c.type}${c.mode ? " " + c.mode : ""} (${c.modality}): ${c.source.text || "—"} → ${c.target.text || "—"}`;
}

function card(event, select) {
  const place = event.place ? [event.place.name, event.place.admin1, event.place.country].filter(Boolean).join(", ") +
    (event.place.parent ? ` (a place the gazetteer lacks, mapped at ${event.place.parent})` : "") : "—";
  const reports = event.reports ? `${event.independent_reports ?? event.reports} independent of ${event.reports}` +
    (event.outlets ? `, ${event.outlets} outlets` : "") : "—";
  const casualties = [event.killed !== null && event.killed !== undefined ? `${event.killed} killed` : null,
    event.injured !== null && event.injured !== undefined ? `${event.injured} injured` : null].filter(Boolean).join(", ");
  const row = (k, v) => [h("dt", {}, k), h("dd", {}, v)];
  const el = h("div", {class: "event-card", tabindex: 0, dataset: {event: event.id}},
    h("div", {}, typeChip(event.type), event.mode ? ` ${event.mode} ` : " ",
      h("span", {class: `modality m-${event.modality}`}, event.modality || "")),
    h("dl", {},
      row("Source", [actorLabel(event.source), event.source && event.source.actor ? h("span", {class: "muted small"}, ` ${event.source.actor}`) : null]),
      row("Target", [actorLabel(event.target), event.target && event.target.actor ? h("span", {class: "muted small"}, ` ${event.target.actor}`) : null]),
      event.content ? row("About", contentText(event.content)) : null,
      row("Place", place),
      row("Date", whenLabel(event)),
      row("Says who", event.attribution && event.attribution.text ? `${event.attribution.text} (${event.attribution.kind})` : "— (the article)"),
      casualties ? row("Casualties", casualties) : null,
      row("Reports", reports),
      event.source && event.source.actor && event.target && event.target.actor
        ? row("Dyad", h("a", {href: linkWith("dyad", null, {source: event.source.actor, target: event.target.actor})}, "escalation over time"))
        : null));
  el.style.borderLeftColor = typeColour(event.type);
  el.addEventListener("click", (e) => { if (!e.target.closest("a")) select(event.id, true); });
  el.addEventListener("keydown", (e) => { if (e.key === "Enter") select(event.id, true); });
  return el;
}

/** Spans of each caption's occurrences in the raw text (captions are kept apart from the body). */
function captionSpans(raw, captions) {
  const out = [];
  for (const caption of captions || []) {
    if (!caption) continue;
    for (let i = raw.indexOf(caption); i >= 0; i = raw.indexOf(caption, i + caption.length)) {
      out.push({start: i, end: i + caption.length, cls: "caption", title: "caption (kept apart from the body)"});
    }
  }
  return out;
}

export async function render(el, route, current) {
  const filters = currentFilters();
  if (!route.id) {
    clear(el).append(h("h2", {}, "Document"),
      h("p", {class: "muted"}, "Click an event anywhere to open its evidence here."));
    const list = h("div", {});
    el.append(list);
    return eventList(list, filters, "Events");
  }
  const art = await api(`articles/${encodeURIComponent(route.id)}`);
  const matching = await api("events", {...filters, article: art.id, limit: 1000});
  if (!current()) return;
  const events = art.events || [];
  const text = art.text || "";
  const spans = [
    ...(art.entities || []).map((e) => ({start: e.start, end: e.end, cls: "hl-ent", title: `${e.label}${e.actor ? ": " + e.actor : ""}`})),
    ...(art.places || []).map((p) => ({start: p.start, end: p.end, cls: "hl-place",
      title: `place: ${[p.name, p.admin1, p.country].filter(Boolean).join(", ")}${p.lat !== null && p.lat !== undefined ? ` (${p.lat}, ${p.lon})` : ""}`})),
    ...(art.timexes || []).map((t) => ({start: t.start, end: t.end, cls: "hl-timex", title: `${t.type}: ${t.value ?? "?"}`})),
    ...events.map((e) => ({start: e.start, end: e.end, cls: "hl-ev", event: e.id, title: `evidence of ${e.type} (${e.modality})`})),
  ];
  const body = h("div", {class: "article-text"}, marked(text, spans));
  const cards = h("div", {class: "event-cards"});

  function select(id, scroll) {
    const {params} = parseHash();
    params.set("event", id);
    history.replaceState(null, "", link("doc", route.id, params));
    for (const sp of body.querySelectorAll(".hl-ev")) sp.classList.toggle("sel", sp.dataset.events.split(" ").includes(id));
    for (const c of cards.querySelectorAll(".event-card")) c.classList.toggle("sel", c.dataset.event === id);
    if (scroll) {
      body.querySelector(".hl-ev.sel")?.scrollIntoView({block: "center", behavior: "instant"});
      cards.querySelector(".event-card.sel")?.scrollIntoView({block: "nearest", behavior: "instant"});
    }
  }
  body.addEventListener("click", (e) => {
    const sp = e.target.closest(".hl-ev");
    if (sp) select(sp.dataset.events.split(" ")[0], false);
  });
  cards.append(...events.map((e) => card(e, select)));
  const filtered = Object.keys(filters).length > 0;
  if (filtered) {
    const kept = new Set(matching.items.map((e) => e.id));
    for (const c of cards.children) {
      if (kept.has(c.dataset.event)) continue;
      c.classList.add("unmatched");
      c.title = "left out by the filters";
    }
  }

  const doc = art.document || {};
  const raw = doc.text || "";
  const rawSpans = [
    ...(art.removed || []).map((r) => ({start: r.start, end: r.end, cls: "removed", title: `removed: ${r.reason}`})),
    ...captionSpans(raw, art.captions),
  ];
  if (Number.isInteger(doc.start) && Number.isInteger(doc.end)) {
    rawSpans.push({start: 0, end: doc.start, cls: "other", title: "another article of this document"},
      {start: doc.end, end: raw.length, cls: "other", title: "another article of this document"});
  }
  const duplicates = (art.duplicates || []).map((d) => h("a", {href: linkWith("doc", d)}, d));
  const meta = h("div", {class: "doc-meta"},
    h("span", {}, `Date: ${dateText(art.date)}`),
    art.date && art.date.evidence ? h("span", {title: art.date.evidence}, `because: ${art.date.evidence}`) : null,
    art.story ? h("span", {}, "Story: ", h("a", {href: linkWith("story", art.story)}, art.story)) : null,
    art.duplicate_of ? h("span", {}, "Copy of ", h("a", {href: linkWith("doc", art.duplicate_of)}, art.duplicate_of),
      art.similarity ? ` (similarity ${Number(art.similarity).toFixed(2)})` : "") : null,
    duplicates.length ? h("span", {}, "Copies: ", duplicates.flatMap((d, i) => (i ? [", ", d] : [d]))) : null,
    h("span", {}, `Document: ${doc.id || "?"}${doc.source ? " · " + doc.source : ""}`),
    doc.url ? h("span", {class: "url"}, `URL: ${doc.url}`) : null);
  const key = (cls, label) => h("span", {}, h("span", {class: ["key", cls]}, label));
  clear(el).append(
    h("h2", {class: "doc-title"}, art.title || "(untitled article)"),
    h("div", {class: "muted small"}, art.id),
    meta,
    h("div", {class: "doc-legend"}, key("hl-ev", "event evidence"), key("hl-ev sel", "selected event"),
      key("hl-ent", "entity"), key("hl-place", "place"), key("hl-timex", "date expression"),
      h("span", {class: "muted"}, "hover a mark for details · click evidence or a card to select")),
    h("div", {class: "doc-grid"},
      h("div", {}, body,
        art.captions && art.captions.length ? h("div", {class: "captions"}, h("h3", {}, "Captions"), art.captions.map((c) => h("p", {}, c))) : null,
        h("h3", {}, "Raw document ", h("span", {class: "muted small"}, "(greyed: removed boilerplate, captions and other articles; hover for the reason)")),
        h("div", {class: "raw"}, marked(raw, rawSpans))),
      h("div", {}, h("h3", {}, `Events (${events.length})`),
        h("div", {class: "small event-totals"}, filtered ? `Matching the filters: ` : "Totals: ",
          summary(matching, {...filters, article: art.id})),
        events.length ? cards : h("p", {class: "muted"}, "No events in this article."))));
  const wanted = route.params.get("event");
  if (wanted) select(wanted, true);
}
