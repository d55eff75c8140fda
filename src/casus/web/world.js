// The world outline (world.json, built by scripts/build_world.py), loaded once.
let cache = null;

export function world() {
  cache = cache || fetch("world.json").then((r) => r.json());
  return cache;
}

/** [{iso2, name}] sorted by name. */
export async function countries() {
  const w = await world();
  return w.features.map((f) => f.properties).sort((a, b) => a.name.localeCompare(b.name));
}
