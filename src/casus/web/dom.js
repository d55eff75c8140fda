// DOM helpers. Every string from the API is attacker-controlled text: it only ever
// reaches the page as a text node or an attribute value set here, never as markup,
// and the only links are in-app fragments ("#/...") built from encoded ids, and the
// API's own downloads ("/api/...", built by state.apiUrl).

const SVG_NS = "http://www.w3.org/2000/svg";

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "on") {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === "class") {
      el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    } else if (key === "href") {
      if (!/^(#|\/api)\//.test(String(value))) throw new Error("only in-app links are allowed");
      el.setAttribute("href", value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (/^on/i.test(key) || key === "style" || key === "src" || key === "srcdoc") {
      throw new Error(`attribute ${key} is not allowed`);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h("td", {class: "x"}, "text", otherNode). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element, same signature as h. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

// PLOVER types, ordered from cooperation to material conflict; colours grouped alike.
export const TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];
const TYPE_COLOURS = [
  "#1b7837", "#5aae61", "#a6dba0", "#66c2a5", "#3288bd", "#5e4fa2", "#8c96c6", "#9ecae1",
  "#fdd49e", "#fdae6b", "#f16913", "#c994c7", "#dd3497", "#bf812d", "#b2182b", "#67000d",
];
export function typeColour(type) {
  const i = TYPES.indexOf(type);
  return i < 0 ? "#999999" : TYPE_COLOURS[i];
}

/** Colour for a mean escalation weight in [-10, 10]: red for conflict, blue for cooperation. */
export function escalationColour(value) {
  const v = Math.max(-1, Math.min(1, (value || 0) / 10));
  const grey = [150, 150, 150];
  const end = v < 0 ? [178, 24, 43] : [33, 102, 172];
  const t = Math.abs(v) ** 0.7;
  const c = grey.map((g, i) => Math.round(g + (end[i] - g) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export function typeChip(type) {
  const colour = typeColour(type);
  const chip = h("span", {class: "chip"}, type || "?");
  chip.style.background = colour;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  if (0.299 * r + 0.587 * g + 0.114 * b > 150) chip.classList.add("dark-text");
  return chip;
}

/** Round numbers for axes: about n ticks between lo and hi. */
export function ticks(lo, hi, n = 5) {
  if (hi <= lo) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/**
 * Sort TABLE by a click on a column header (or Enter on it); a second click reverses. A header's
 * data-kind says how its cells compare: "num" and "date" (numbers and ISO dates, largest and
 * latest first; a cell's data-sort gives its key when its text is not one) or text. Rows with no
 * key go last either way. With SERVER(key, descending), the table holds only some of the rows:
 * headers with a data-key ask the server for that order instead; ACTIVE ("-date") marks the
 * order it came in.
 */
export function sortable(table, server = null, active = null) {
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((th, column) => {
    if (server && !th.dataset.key) return;
    th.classList.add("sortable");
    th.tabIndex = 0;
    if (active && active.replace(/^-/, "") === th.dataset.key) {
      th.setAttribute("aria-sort", active.startsWith("-") ? "descending" : "ascending");
    }
    const go = () => {
      const was = th.getAttribute("aria-sort");
      const descending = was ? was === "ascending" : th.dataset.kind === "num" || th.dataset.kind === "date";
      for (const other of heads) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      if (server) server(th.dataset.key, descending);
      else sortRows(table.tBodies[0], column, th.dataset.kind, descending);
    };
    th.addEventListener("click", go);
    th.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
  });
}

function sortRows(body, column, kind, descending) {
  const key = (row) => {
    const cell = row.cells[column];
    const raw = (cell.dataset.sort ?? cell.textContent).trim();
    if (kind === "num") return raw === "" || Number.isNaN(Number(raw)) ? null : Number(raw);
    return raw === "" || raw === "—" ? null : raw;
  };
  const rows = [...body.rows].map((row) => [key(row), row]);
  rows.sort(([a], [b]) => {
    if (a === null || b === null) return (a === null) - (b === null);
    const order = kind === "num" || kind === "date" ? (a < b ? -1 : a > b ? 1 : 0) : a.localeCompare(b, "en", {sensitivity: "base"});
    return descending ? -order : order;
  });
  body.append(...rows.map(([, row]) => row));
}

export function loading(el, what = "Loading") {
  clear(el).append(h("p", {class: "muted"}, `${what}…`));
}

export function showError(el, err) {
  clear(el).append(h("p", {class: "error"}, `Could not load: ${err.message || err}`));
}
