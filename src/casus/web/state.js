// The URL hash is the whole state: "#/VIEW[/ID]?filter=...&view-option=...", so every
// view links and reloads. Ids are encoded with encodeURIComponent, never pasted raw.

export const FILTERS = ["type", "actor", "country", "since", "until", "modality", "mode", "min_reports", "q", "place"];

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
  const {params} = parseHash();
  const out = {};
  for (const k of FILTERS) if (params.get(k)) out[k] = params.get(k);
  return out;
}

/** GET /api/PATH with query parameters; throws on HTTP errors with the API's detail. */
export async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") query.set(k, v);
  const q = query.toString();
  const response = await fetch(`/api/${path}${q ? "?" + q : ""}`, {headers: {Accept: "application/json"}});
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = JSON.stringify((await response.json()).detail); } catch (e) { /* keep status text */ }
    throw new Error(`${response.status} ${detail}`);
  }
  return response.json();
}

