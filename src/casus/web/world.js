// The world outline (world.json, built by scripts/build_world.py), loaded once.
let cache = null;

export function world() {
  cache = cache || fetch("world.json").then((r) => r.json());
  return cache;
}

