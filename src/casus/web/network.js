// Actor network: who acts on whom. Edge width = events, colour = mean escalation weight.
// A small deterministic force layout (same input, same picture). Click an actor to filter
// the timeline by it; click an edge to open the dyad.
import {h, s, clear, escalationColour} from "./dom.js";
import {api, currentFilters, link} from "./state.js";
import {totalsOf} from "./events.js";

const PAD = 60;

/**
 * Fruchterman-Reingold with repulsion cut off at a few ideal lengths and a pull to the
 * centre, so separate components sit near each other instead of drifting apart; fitted to a
 * chart W by H.
 */
function layout(nodes, edges, W, H, iterations = 500) {
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const pos = nodes.map((_, i) => {
    const a = 2.39996 * i, r = 12 * Math.sqrt(i + 1); // sunflower spiral: deterministic, spread
    return [Math.cos(a) * r * 1.6, Math.sin(a) * r];
  });
  const k = Math.min(110, Math.sqrt(((W - 200) * H) / Math.max(1, n)) * 0.5);
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)])
    .filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  for (let it = 0; it < iterations; it++) {
    const temp = 40 * (1 - it / iterations) + 0.5;
    const disp = pos.map(() => [0, 0]);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
        const d2 = Math.max(dx * dx + dy * dy, 1);
        if (d2 > 9 * k * k) continue;
        const f = (k * k) / d2;
        disp[i][0] += dx * f; disp[i][1] += dy * f;
        disp[j][0] -= dx * f; disp[j][1] -= dy * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
      const f = Math.hypot(dx, dy) / k;
      disp[a][0] -= dx * f; disp[a][1] -= dy * f;
      disp[b][0] += dx * f; disp[b][1] += dy * f;
    }
    for (let i = 0; i < n; i++) {
      disp[i][0] -= pos[i][0] * 0.15; disp[i][1] -= pos[i][1] * 0.3;
      const d = Math.max(Math.hypot(disp[i][0], disp[i][1]), 1e-9);
      pos[i][0] += (disp[i][0] / d) * Math.min(d, temp);
      pos[i][1] += (disp[i][1] / d) * Math.min(d, temp);
    }
  }
  const xs = pos.map((p) => p[0]), ys = pos.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((W - 2 * PAD - 160) / Math.max(x1 - x0, 1), (H - 2 * PAD) / Math.max(y1 - y0, 1), 3);
  const ox = (W - 160 - (x1 - x0) * scale) / 2, oy = (H - (y1 - y0) * scale) / 2;
  return pos.map(([x, y]) => [ox + (x - x0) * scale, oy + (y - y0) * scale]);
}

export async function render(el, route, current) {
  const filters = currentFilters();
  const data = await api("network", filters);
  if (!current()) return;
  const maxNodes = Number(route.params.get("top") || 60);
  const nodes = [...data.nodes].sort((a, b) => b.events - a.events || a.id.localeCompare(b.id)).slice(0, maxNodes);
  const keep = new Set(nodes.map((n) => n.id));
  const edges = data.edges.filter((e) => keep.has(e.source) && keep.has(e.target) && e.source !== e.target);
  const head = h("div", {class: "controls"},
    h("h2", {}, "Actor network"),
    h("span", {class: "muted"}, `${nodes.length} of ${data.nodes.length} actors, ${edges.length} directed links`),
    totalsOf(filters),
    h("span", {class: "spacer"}),
    h("span", {class: "seg"}, [30, 60, 120].map((t) =>
      h("a", {href: link("network", null, {...Object.fromEntries(route.params), top: t}), class: t === maxNodes ? "on" : null}, `top ${t}`))));
  const legend = h("div", {class: "legend"},
    h("span", {class: "legend-item"}, "Edge colour: mean escalation weight"),
    ...[-10, -5, 0, 3, 7].map((v) => {
      const sw = h("span", {class: "swatch"});
      sw.style.background = escalationColour(v);
      return h("span", {class: "legend-item"}, sw, v > 0 ? `+${v}` : String(v));
    }),
    h("span", {class: "legend-item"}, "· width: events · node size: events · arrow: source → target"));
  clear(el).append(head, legend);
  if (!nodes.length) {
    el.append(h("p", {class: "muted empty"}, "No actor pairs match these filters."));
    return;
  }
  const W = Math.max(600, Math.min(1320, el.clientWidth - 36));  // drawn at the page's scale: labels stay legible
  const H = Math.round(Math.min(680, W * 0.7));
  const pos = layout(nodes, edges, W, H);
  const at = new Map(nodes.map((node, i) => [node.id, pos[i]]));
  const maxEdge = Math.max(...edges.map((e) => e.events), 1);
  const maxNode = Math.max(...nodes.map((n) => n.events), 1);
  const radius = (node) => 5 + 17 * Math.sqrt(node.events / maxNode);
  const svg = s("svg", {viewBox: `0 0 ${W} ${H}`, class: "chart network", role: "img", "aria-label": "actor network"});
  const defs = s("defs", {});
  svg.append(defs);
  const edgeLayer = s("g", {}), nodeLayer = s("g", {});
  const pairs = new Set(edges.map((e) => `${e.source}\u0000${e.target}`));
  edges.forEach((e, i) => {
    const [ax, ay] = at.get(e.source), [bx, by] = at.get(e.target);
    const mean = e.escalation / (e.events || 1);
    const colour = escalationColour(mean);
    const width = 1 + 6 * Math.sqrt(e.events / maxEdge);
    // curve both directions of a pair apart; end the line at the target's rim
    const bend = pairs.has(`${e.target}\u0000${e.source}`) ? 0.18 : 0.06;
    const mx = (ax + bx) / 2 - (by - ay) * bend, my = (ay + by) / 2 + (bx - ax) * bend;
    const r = radius(nodes.find((n) => n.id === e.target)) + 3;
    const dx = bx - mx, dy = by - my, d = Math.max(Math.hypot(dx, dy), 1);
    const ex = bx - (dx / d) * r, ey = by - (dy / d) * r;
    const marker = s("marker", {id: `arrow${i}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 4, markerHeight: 4,
      orient: "auto-start-reverse", markerUnits: "strokeWidth"}, s("path", {d: "M0,0 L10,5 L0,10 z", fill: colour}));
    defs.append(marker);
    const types = Object.entries(e.types || {}).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(", ");
    const path = s("path", {class: "edge", d: `M${ax},${ay} Q${mx},${my} ${ex},${ey}`, stroke: colour, "stroke-width": width,
      "stroke-opacity": 0.75, "marker-end": `url(#arrow${i})`, dataset: {source: e.source, target: e.target}},
    s("title", {}, `${e.source} → ${e.target}: ${e.events} events (${types}); mean weight ${mean.toFixed(1)}`));
    path.addEventListener("click", () => {
      location.hash = link("dyad", null, {...filters, source: e.source, target: e.target});
    });
    edgeLayer.append(path);
  });
  // label the bigger actors first: right, left, above or below the node, wherever the
  // label overlaps neither a label already placed nor another node
  const boxes = [];
  const labels = new Map();
  const order = nodes.map((node, i) => i).sort((a, b) => nodes[b].events - nodes[a].events);
  for (const i of order) {
    const [x, y] = pos[i], r = radius(nodes[i]);
    const w = (nodes[i].name || nodes[i].id).length * 6.6;
    const candidates = [
      [x + r + 3, y - 8, x + r + 5 + w, y + 6, r + 4, 4, "start"],
      [x - r - 5 - w, y - 8, x - r - 3, y + 6, -r - 4, 4, "end"],
      [x - w / 2, y - r - 17, x + w / 2, y - r - 3, 0, -r - 6, "middle"],
      [x - w / 2, y + r + 3, x + w / 2, y + r + 17, 0, r + 14, "middle"],
    ];
    const free = candidates.find((box) => box[0] >= 2 && box[2] <= W - 2
      && !boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])
      && !pos.some(([px, py], j) => j !== i && Math.hypot(Math.max(box[0] - px, 0, px - box[2]), Math.max(box[1] - py, 0, py - box[3])) < radius(nodes[j])));
    if (free) {
      boxes.push(free);
      labels.set(i, free);
    }
  }
  nodes.forEach((node, i) => {
    const [x, y] = pos[i];
    const r = radius(node);
    const colour = node.type === "person" ? "#6d5bd0" : node.type === "state" || node.type === "country" ? "#2b6cb0" : "#4a8c6f";
    const g = s("g", {class: "node", dataset: {actor: node.id}, transform: `translate(${x},${y})`},
      s("circle", {r, fill: colour}),
      labels.has(i) ? s("text", {x: labels.get(i)[4], y: labels.get(i)[5], "text-anchor": labels.get(i)[6]}, node.name || node.id) : null,
      s("title", {}, `${node.name || node.id} (${node.id}${node.country ? ", " + node.country : ""}): ${node.events} events`));
    g.addEventListener("click", () => { location.hash = link("timeline", null, {...filters, actor: node.id}); });
    g.addEventListener("mouseenter", () => highlight(svg, node.id));
    g.addEventListener("mouseleave", () => highlight(svg, null));
    nodeLayer.append(g);
  });
  svg.append(edgeLayer, nodeLayer);
  el.append(h("div", {class: "chart-wrap"}, svg),
    h("p", {class: "hint muted"}, "Click an actor to see its timeline · click a link to open the dyad · hover to isolate an actor"),
    h("div", {class: "legend"}, ...[["#2b6cb0", "state"], ["#4a8c6f", "organisation / group"], ["#6d5bd0", "person"]].map(([c, t]) => {
      const sw = h("span", {class: "swatch ring"});
      sw.style.borderColor = c;
      return h("span", {class: "legend-item"}, sw, t);
    })));
}

function highlight(svg, id) {
  const near = new Set([id]);
  for (const e of svg.querySelectorAll(".edge")) {
    const on = !id || e.dataset.source === id || e.dataset.target === id;
    e.setAttribute("stroke-opacity", on ? 0.85 : 0.08);
    if (on && id) { near.add(e.dataset.source); near.add(e.dataset.target); }
  }
  for (const g of svg.querySelectorAll(".node")) g.classList.toggle("dim", Boolean(id) && !near.has(g.dataset.actor));
}
