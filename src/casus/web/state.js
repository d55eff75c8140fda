// The URL hash is the whole state: "#/VIEW[/ID]?filter=...&view-option=...", so every
// view links and reloads. Ids are encoded with encodeURIComponent, never pasted raw.

// The event filters are the API's own list (GET /api/filters: name, type, help for each, from
// casus.query.Filters), loaded once by loadFilters() before any view renders.
export const FILTERS = [];
export const FILTER_INFO = new Map();

// Parameters a view reads as its own selection, not as filters (the dyad view's pair).
const OWN = {dyad: ["source", "target", "both"]};

let loaded = null;
/** Fetch the filter list once; resolves to FILTERS. */
export function loadFilters() {
  if (!loaded) {
    loaded = api("filters").then((data) => {
      for (const f of data.items) {
        if (FILTER_INFO.has(f.name)) continue;
        FILTERS.push(f.name);
        FILTER_INFO.set(f.name, f);
      }
      return FILTERS;
    }, (err) => { loaded = null; throw err; });
  }
  return loaded;
}

/** The filters that apply in VIEW: all but the view's own selection parameters. */
export function filterNames(view = parseHash().view) {
  const own = OWN[view] || [];
  return FILTERS.filter((k) => !own.includes(k));
}

/** The entries of VALUES ({filter: value}) that apply in VIEW. */
export function filtersFor(view, values) {
  const names = filterNames(view);
  return Object.fromEntries(Object.entries(values).filter(([k]) => names.includes(k)));
}

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?", 2);
  const [view, ...rest] = path.split("/");
  const id = rest.length ? decodeURIComponent(rest.join("/")) : null;
  return {view: view || "timeline", id, params: new URLSearchParams(query)};
}

/** "#/view/id?params" with the id and every parameter encoded. */
export function link(view, id = null, params = {}) {
  const query = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? params.entries() : Object.entries(params);
  for (const [k, v] of entries) if (v !== null && v !== undefined && v !== "") query.set(k, v);
  const q = query.toString();
  return `#/${view}${id ? "/" + encodeURIComponent(id) : ""}${q ? "?" + q : ""}`;
}

/** The current filters, as plain object. */
export function currentFilters() {
  const {view, params} = parseHash();
  const out = {};
  for (const k of filterNames(view)) if (params.get(k)) out[k] = params.get(k);
  return out;
}

/** A link to VIEW (and ID) that keeps the current filters, plus EXTRA parameters: the filters
 * carry from every view to every other. */
export function linkWith(view, id = null, extra = {}) {
  return link(view, id, {...filtersFor(view, currentFilters()), ...extra});
}

/** "/api/PATH?params", every parameter encoded. */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") query.set(k, v);
  const q = query.toString();
  return `/api/${path}${q ? "?" + q : ""}`;
}

/** GET /api/PATH with query parameters; throws on HTTP errors with the API's detail. */
export async function api(path, params = {}) {
  const response = await fetch(apiUrl(path, params), {headers: {Accept: "application/json"}});
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = JSON.stringify((await response.json()).detail); } catch (e) { /* keep status text */ }
    throw new Error(`${response.status} ${detail}`);
  }
  return response.json();
}

