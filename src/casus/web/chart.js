// Time axes shared by the timeline and the dyad chart (SVG, dates as "YYYY-MM-DD").
import {s, ticks} from "./dom.js";

const DAY = 86400000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function ms(iso) {
  return Date.parse(iso.slice(0, 10) + "T00:00:00Z");
}

export function iso(t) {
  return new Date(t).toISOString().slice(0, 10);
}

/** Start of the bucket after the one starting at PERIOD. */
export function nextPeriod(period, bucket) {
  const d = new Date(ms(period));
  if (bucket === "year") d.setUTCFullYear(d.getUTCFullYear() + 1);
  else if (bucket === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + (bucket === "week" ? 7 : 1));
  return iso(d.getTime());
}

/** Last day of the bucket starting at PERIOD (for since/until filters). */
export function periodLast(period, bucket) {
  return iso(ms(nextPeriod(period, bucket)) - DAY);
}

export function periodLabel(period, bucket) {
  const d = new Date(ms(period));
  if (bucket === "year") return String(d.getUTCFullYear());
  if (bucket === "month") return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return bucket === "week" ? `week of ${period}` : period;
}

/** [lo, hi) covering PERIODS, widened to at least MIN buckets so a lone bar stays a bar. */
export function domain(periods, bucket, min = 12) {
  let lo = periods[0], hi = nextPeriod(periods[periods.length - 1], bucket);
  const days = {day: 1, week: 7, month: 30.4, year: 365.25}[bucket] || 1;
  const missing = min - (ms(hi) - ms(lo)) / DAY / days;
  if (missing > 0) {
    lo = iso(ms(lo) - Math.ceil(missing / 2) * days * DAY);
    hi = iso(ms(hi) + Math.ceil(missing / 2) * days * DAY);
  }
  return [lo, hi];
}

/** Linear scale from dates (ms) to pixels over [lo, hi). */
export function timeScale(lo, hi, x0, x1) {
  const a = ms(lo), b = Math.max(ms(hi), a + DAY);
  const f = (date) => x0 + ((ms(date) - a) / (b - a)) * (x1 - x0);
  f.lo = a; f.hi = b; f.x0 = x0; f.x1 = x1;
  f.invert = (x) => iso(a + ((x - x0) / (x1 - x0)) * (b - a));
  return f;
}

/** Date ticks (years, quarters, months or days) along a time scale, at height Y. */
export function timeAxis(scale, y) {
  const span = (scale.hi - scale.lo) / DAY;
  const g = s("g", {class: "axis x"});
  g.append(s("line", {x1: scale.x0, x2: scale.x1, y1: y, y2: y}));
  const start = new Date(scale.lo);
  const marks = [];
  const pxPerDay = (scale.x1 - scale.x0) / span;
  if (pxPerDay * 365 < 100) {
    const step = Math.ceil(60 / (pxPerDay * 365));
    for (let yr = start.getUTCFullYear(); ; yr += 1) {
      const t = Date.UTC(yr, 0, 1);
      if (t > scale.hi) break;
      if (t >= scale.lo && yr % step === 0) marks.push([t, String(yr)]);
    }
  } else if (pxPerDay * 28 < 42) {
    const step = pxPerDay * 90 < 42 ? 6 : 3;
    for (let t = Date.UTC(start.getUTCFullYear(), 0, 1), m = 0; t <= scale.hi; m += step, t = Date.UTC(start.getUTCFullYear(), m, 1)) {
      const d = new Date(t);
      if (t >= scale.lo) marks.push([t, d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : MONTHS[d.getUTCMonth()]]);
    }
  } else if (span > 45) {
    for (let m = 0, t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1); t <= scale.hi;
      m += 1, t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1)) {
      const d = new Date(t);
      if (t >= scale.lo) marks.push([t, d.getUTCMonth() === 0 ? `${MONTHS[0]} ${d.getUTCFullYear()}` : MONTHS[d.getUTCMonth()]]);
    }
  } else {
    const step = Math.max(1, Math.ceil(50 / pxPerDay));
    for (let t = scale.lo; t <= scale.hi; t += step * DAY) {
      const d = new Date(t);
      marks.push([t, `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`]);
    }
  }
  for (const [t, label] of marks) {
    const x = scale(iso(t));
    g.append(s("line", {x1: x, x2: x, y1: y, y2: y + 5}), s("text", {x, y: y + 18, "text-anchor": "middle"}, label));
  }
  return g;
}

/** Value axis with grid lines from x0 to x1; returns [group, scale]. */
export function valueAxis(lo, hi, y0, y1, x0, x1, label, right = false) {
  const scale = (v) => y0 - ((v - lo) / (hi - lo || 1)) * (y0 - y1);
  const g = s("g", {class: "axis y"});
  const x = right ? x1 : x0;
  for (const v of ticks(lo, hi, 5)) {
    const y = scale(v);
    if (!right) g.append(s("line", {class: "grid", x1: x0, x2: x1, y1: y, y2: y}));
    g.append(s("text", {x: right ? x + 6 : x - 6, y: y + 4, "text-anchor": right ? "start" : "end"}, v.toLocaleString("en")));
  }
  if (label) {
    const lx = right ? x1 + 44 : x0 - 38;
    const ly = (y0 + y1) / 2;
    g.append(s("text", {class: "axis-label", x: lx, y: ly, "text-anchor": "middle", transform: `rotate(-90 ${lx} ${ly})`}, label));
  }
  return [g, scale];
}
