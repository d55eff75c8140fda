"""Timex: find temporal expressions and give them TIMEX3 values against a reference date.

Finding is a cascade of regular expressions built from the lexicon in
casus/data/time/lexicon.json, in the manner of HeidelTime: each rule knows how to read
what it matched. Reading is kept apart from resolving: a match becomes a `Spec` (what
the text says — "the Friday before the reference day", "June 27 of some year") and
`resolve` turns a spec into a calendar `Period` against a reference date. Article
dating (casus.time.dating) reuses the same specs to solve for an unknown reference date,
and the events stage calls `resolve_text` for one expression.

The reference may itself be uncertain (an article dated only to a week): a spec is
then resolved at both ends of the reference range and the value is given at the
finest calendar unit that holds both answers — never more precise than the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from dateutil.easter import easter

from casus import calendar_names
from casus.calendar_names import full_names

try:
    from re import _constants as sre, _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

Ref = tuple[date | None, date | None]  # earliest, latest possible reference day


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The tagger's words (data/time/lexicon.json) with the month and weekday names."""
    words = json.loads(resources.files("casus").joinpath("data/time/lexicon.json").read_text("utf-8"))
    return {**words, **calendar_names.names()}


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class Period:
    """A stretch of calendar days (inclusive) and its TIMEX3 value."""

    start: date
    end: date
    value: str

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end


def month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def year_period(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), f"{y:04d}")


def month_period(y: int, m: int) -> Period:
    return Period(date(y, m, 1), month_end(y, m), f"{y:04d}-{m:02d}")


def day_period(d: date) -> Period:
    return Period(d, d, d.isoformat())


def week_period(d: date) -> Period:
    y, w, _ = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return Period(monday, monday + timedelta(days=6), f"{y:04d}-W{w:02d}")


def weekend_period(d: date) -> Period:
    wk = week_period(d)
    return Period(wk.start + timedelta(days=5), wk.end, wk.value + "-WE")


def quarter_period(y: int, q: int) -> Period:
    return Period(date(y, 3 * q - 2, 1), month_end(y, 3 * q), f"{y:04d}-Q{q}")


def half_period(y: int, h: int) -> Period:
    return Period(date(y, 6 * h - 5, 1), month_end(y, 6 * h), f"{y:04d}-H{h}")


def season_period(y: int, s: str) -> Period:
    """Meteorological seasons; winter Y runs from December Y to February Y+1."""
    m0, m1 = lexicon()["season_months"][s]
    return Period(date(y, m0, 1), month_end(y + (m1 < m0), m1), f"{y:04d}-{s}")


def decade_period(dec: int) -> Period:  # dec = 199 for the 1990s
    return Period(date(dec * 10, 1, 1), date(dec * 10 + 9, 12, 31), f"{dec:03d}")


def century_period(c: int) -> Period:  # c = 19 for the 1900s
    return Period(date(max(1, c * 100), 1, 1), date(c * 100 + 99, 12, 31), f"{c:02d}")


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, month_end(y, m).day))


def shift_day(d: date, n: int, unit: str) -> date:
    """`d` moved by n units (D W M Q Y DE CE)."""
    if unit == "D":
        return d + timedelta(days=n)
    if unit == "W":
        return d + timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200}[unit] * n
    return add_months(d, months)


def unit_period(d: date, unit: str) -> Period:
    """The calendar unit that holds day `d`."""
    if unit == "D":
        return day_period(d)
    if unit == "W":
        return week_period(d)
    if unit == "WE":
        return weekend_period(d)
    if unit == "M":
        return month_period(d.year, d.month)
    if unit == "Q":
        return quarter_period(d.year, (d.month - 1) // 3 + 1)
    if unit == "H":
        return half_period(d.year, (d.month - 1) // 6 + 1)
    if unit == "Y":
        return year_period(d.year)
    if unit == "DE":
        return decade_period(d.year // 10)
    return century_period(d.year // 100)


def hull_value(start: date, end: date) -> str | None:
    """The finest TIMEX3 calendar value that holds both days."""
    if start == end:
        return start.isoformat()
    if week_period(start) == week_period(end):
        return week_period(start).value
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.year:04d}-{start.month:02d}"
    if start.year == end.year:
        return f"{start.year:04d}"
    if start.year // 10 == end.year // 10:
        return f"{start.year // 10:03d}"
    return None


# --------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class Spec:
    """What an expression says, before it meets a reference date.

    kind:
      cal      calendar fields, some unknown (year None = infer it, leaning to the past)
      shift    the unit `n` steps from the reference's ("last week" = W, -1)
      named    the last/this/next month, season or weekday of a name ("last April")
      offset   n units before/after the reference ("three weeks ago": W, -3)
      narrative an offset from the last day the text mentioned ("the next day")
      ref      PAST_REF / PRESENT_REF / FUTURE_REF
      duration, set  values that need no reference
    """

    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None
    quarter: int | None = None
    half: int | None = None
    decade: int | None = None
    century: int | None = None
    week: int | None = None
    weekday: int | None = None
    holiday: str | None = None
    unit: str | None = None
    n: int = 0
    mod: str | None = None  # START / MID / END
    part: str | None = None  # part of day: MO AF EV NI ...
    clock: str | None = None  # HH:MM
    last_day: int | None = None  # the last day of a span of days of the month ("3 and 4 May", "June 27-28")
    value: str | None = None  # for ref / duration / set
    comparative: bool = False  # "a year earlier": a year before the period in focus, if a quarter

    @property
    def needs_ref(self) -> bool:
        if self.kind in ("ref", "duration", "set"):
            return False
        if self.kind == "cal":
            return self.year is None and self.decade is None and self.century is None
        return True


def modified(p: Period, mod: str | None) -> tuple[date, date]:
    """The third of a period an early/mid/late modifier keeps (the value stays, as in TIMEX3).

    A year splits by months (early = January to April), shorter periods by days."""
    if not mod:
        return p.start, p.end
    third = {"START": 0, "MID": 1, "END": 2}[mod]
    if re.fullmatch(r"\d{4}", p.value):
        return date(p.start.year, 4 * third + 1, 1), month_end(p.start.year, 4 * third + 4)
    days = (p.end - p.start).days + 1
    return p.start + timedelta(days=days * third // 3), p.start + timedelta(days=-(-days * (third + 1) // 3) - 1)


def holiday_day(name: str, y: int) -> date:
    rule = lexicon()["holidays"][name]
    if rule.startswith("EASTER"):
        return easter(y) + timedelta(days=int(rule[6:] or 0))
    m, rest = int(rule[:2]), rule[3:]
    if rest.isdigit():
        return date(y, m, int(rest))
    wd = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].index(rest[:2])
    first = date(y, m, 1)
    if rest[2] == "L":  # last such weekday of the month
        last = month_end(y, m)
        return last - timedelta(days=(last.weekday() - wd) % 7)
    return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (int(rest[2]) - 1))


def cal_period(s: Spec, y: int) -> Period | None:
    """The period a calendar spec names in year `y` (for specs without their own year)."""
    try:
        if s.holiday:
            return day_period(holiday_day(s.holiday, y))
        if s.month and s.day and s.last_day:
            first, last = date(y, s.month, s.day), date(y, s.month, s.last_day)
            return Period(first, last, first.isoformat())  # TIMEX3 has no span value: its first day
        if s.month and s.day:
            return day_period(date(y, s.month, s.day))
        if s.month:
            return month_period(y, s.month)
        if s.season:
            return season_period(y, s.season)
        if s.quarter:
            return quarter_period(y, s.quarter)
        if s.half:
            return half_period(y, s.half)
        if s.week:
            monday = date.fromisocalendar(y, s.week, 1)
            return Period(monday, monday + timedelta(days=6), f"{y:04d}-W{s.week:02d}")
        return year_period(y)
    except ValueError:  # 31 June, week 53 of a short year
        return None


def pick(cands: list[Period], ref: date, direction: int | None) -> Period | None:
    """Choose among recurrences of a name: news leans to the past unless the verb says future."""
    cands = [c for c in cands if c is not None]
    if not cands:
        return None
    past = [c for c in cands if c.start <= ref]
    future = [c for c in cands if c.start > ref]
    if direction == 1:
        around = [c for c in cands if c.end >= ref]
        return around[0] if around else cands[-1]
    if direction == -1 or not future:
        return past[-1] if past else future[0]
    if not past:
        return future[0]
    p, f = past[-1], future[0]
    if p.end >= ref:
        return p
    return f if (f.start - ref).days * 2 < (ref - p.end).days else p


def resolve_day(s: Spec, ref: date | None, direction: int | None = None, focus: Period | None = None) -> Period | None:
    """The period a spec names when the reference day is `ref` (None if it cannot be known)."""
    if s.kind == "cal":
        if s.century is not None and s.decade is None and s.year is None:
            return century_period(s.century)
        if s.decade is not None and s.year is None:
            return decade_period(s.decade)
        if s.year is not None:
            if s.comparative and focus is not None and re.fullmatch(r"\d{4}-[QH]\d", focus.value):
                return cal_period(replace(s, **{"quarter" if "Q" in focus.value else "half": int(focus.value[-1])}), s.year)
            return cal_period(s, s.year)
        if ref is None:
            return None
        years = range(ref.year - 1, ref.year + 2)
        if s.quarter or s.half:  # quarters are reported once they have begun
            direction = -1
        if s.weekday and s.day:  # "Saturday, April 25": the year whose April 25 is a Saturday
            years = [y for y in range(ref.year - 6, ref.year + 7) if (p := cal_period(s, y)) and p.start.isoweekday() == s.weekday] or years
        return pick([cal_period(s, y) for y in years], ref, direction)
    if ref is None:
        return None
    if s.kind == "shift":
        if s.unit == "WE":
            sat = ref + timedelta(days=5 - ref.weekday())
            if s.n == 0 and direction != 1 and sat > ref:  # "the weekend" read on a weekday: the last one
                sat -= timedelta(days=7)
            return weekend_period(sat + timedelta(weeks=s.n))
        p = unit_period(shift_day(ref, s.n, s.unit), s.unit)
        if s.month or s.quarter or s.half:  # "June last year", "last year's third quarter"
            return cal_period(s, p.start.year)
        return p
    if s.kind == "offset":
        if s.comparative and focus is not None and re.fullmatch(r"\d{4}-[QH]\d", focus.value):
            # results "up from $5 million a year earlier": the same quarter of the year before
            unit = "Q" if "Q" in focus.value else "H"
            return unit_period(shift_day(focus.start, s.n, s.unit), unit)
        return unit_period(shift_day(ref, s.n, s.unit), s.unit)
    if s.kind == "narrative":
        base = focus.start if focus else ref
        if s.unit:
            return unit_period(shift_day(base, s.n, s.unit), s.unit)
        return day_period(base + timedelta(days=s.n))
    if s.kind == "named":
        if s.decade is not None:  # "the nineties": the last decade of that name not after the reference's
            dec = ref.year // 100 * 10 + s.decade
            return decade_period(dec if dec * 10 <= ref.year else dec - 10)
        if s.weekday:
            if s.n == 0 and s.unit == "W":  # "this Friday": in the reference's week
                return day_period(ref + timedelta(days=s.weekday - 1 - ref.weekday()))
            back = (ref.weekday() - (s.weekday - 1)) % 7
            if s.n < 0:
                return day_period(ref - timedelta(days=back or 7))
            if s.n > 0:
                return day_period(ref + timedelta(days=(s.weekday - 1 - ref.weekday()) % 7 or 7))
            if direction == 1:
                return day_period(ref + timedelta(days=(s.weekday - 1 - ref.weekday()) % 7))
            return day_period(ref - timedelta(days=back))
        cands = [cal_period(s, y) for y in (ref.year - 2, ref.year - 1, ref.year, ref.year + 1, ref.year + 2)]
        cands = [c for c in cands if c]
        if s.n < 0:
            before = [c for c in cands if c.end < ref and not c.contains(day_period(ref))]
            return before[-1] if before else None
        if s.n > 0:
            after = [c for c in cands if c.start > ref]
            return after[0] if after else None
        same = [c for c in cands if c.start.year == ref.year]
        return same[0] if same else None
    return None


def with_time(p: Period | None, s: Spec) -> Period | None:
    if p is None or not (s.clock or s.part) or p.start != p.end:
        return p
    return Period(p.start, p.end, f"{p.value}T{s.clock or s.part}")


@dataclass(frozen=True)
class Resolved:
    value: str | None
    earliest: date | None
    latest: date | None

    @property
    def precision(self) -> str | None:
        return precision(self.earliest, self.latest)

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "earliest": iso(self.earliest), "latest": iso(self.latest),
                "precision": self.precision}


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def precision(earliest: date | None, latest: date | None) -> str | None:
    """day / month / year when the bounds are exactly that unit, else range (None if unbounded)."""
    if earliest is None and latest is None:
        return None
    if earliest is None or latest is None:
        return "range"
    if earliest == latest:
        return "day"
    if earliest.day == 1 and latest == month_end(earliest.year, earliest.month):
        return "month"
    if (earliest.month, earliest.day, latest.month, latest.day) == (1, 1, 12, 31) and earliest.year == latest.year:
        return "year"
    return "range"


def unknown_value(s: Spec) -> str | None:
    """A TIMEX3 value with X for what only the reference could tell ("XXXX-06-27")."""
    if s.kind == "cal" and (s.month or s.season or s.quarter):
        if s.month:
            return f"XXXX-{s.month:02d}" + (f"-{s.day:02d}" if s.day else "")
        return f"XXXX-{s.season}" if s.season else f"XXXX-Q{s.quarter}"
    if s.kind == "named" and s.weekday:
        return f"XXXX-WXX-{s.weekday}"
    return None


def resolve(s: Spec, ref: Ref | date | None, direction: int | None = None,
            focus: Period | None = None) -> Resolved:
    """A spec against a reference that may be a day, a range of days, or unknown."""
    if s.kind in ("ref", "duration", "set"):
        lo, hi = ref if isinstance(ref, tuple) else (ref, ref)
        if s.value == "PAST_REF":
            return Resolved(s.value, None, hi)
        if s.value == "FUTURE_REF":
            return Resolved(s.value, lo, None)
        if s.value == "PRESENT_REF":
            return Resolved(s.value, lo, hi)
        return Resolved(s.value, None, None)
    lo, hi = ref if isinstance(ref, tuple) else (ref, ref)
    if not s.needs_ref:
        lo = hi = None
    elif lo is None or hi is None:
        return Resolved(unknown_value(s), None, None)
    try:
        a, b = resolve_day(s, lo, direction, focus), resolve_day(s, hi, direction, focus)
    except (OverflowError, ValueError):  # past the calendar's ends ("last week" of 1 January 1): no day to name
        a = b = None
    if a is None or b is None:
        return Resolved(unknown_value(s), None, None)
    if a == b:
        start, end = modified(a, s.mod)
        p = with_time(a, s)
        return Resolved(p.value if p else None, start, end)
    start, end = min(a.start, b.start), max(a.end, b.end)
    return Resolved(hull_value(start, end), start, end)


# --------------------------------------------------------------------------- grammar


FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}  # non-ASCII letters (?i) matches to ASCII ones


def alts(words, upper_first: bool = False) -> str:
    """A regex alternation of lexicon words, longest first; names need a capital.

    Words are grouped under their first letter, written as a plain class ("[Tt]"), which
    the engine checks at a glance before it tries any word of the group. Words that start
    with different letters never match at one place, so the order that matters is kept."""
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        groups.setdefault(w[0].lower(), []).append(re.escape(w[1:]).replace(r"\ ", r"\s+"))
    out = []
    for c, rests in groups.items():
        if upper_first:
            head = re.escape(c.upper())
        elif c.isascii():  # what (?i:c) matches
            cs = {c, c.upper(), *(chr(k) for k, v in FOLD.items() if v == c)}
            head = "[" + "".join(map(re.escape, sorted(cs))) + "]"
        else:
            head = f"(?i:{re.escape(c)})"
        out.append(head + "(?:" + "|".join(f"(?i:{r})" if r else "" for r in rests) + ")")
    return "(?:" + "|".join(out) + ")"


@lru_cache(maxsize=1)
def fragments() -> dict[str, str]:
    lx = lexicon()
    full, wfull = full_names("months"), full_names("weekdays")
    abbr = [m for m in lx["months"] if m not in full]
    wabbr = [w for w in lx["weekdays"] if w not in wfull]
    nums = [n for n in lx["numbers"] if n not in ("a", "an")]
    numword = alts(nums)
    f = {
        "MON": f"(?:{alts(full, True)}|{alts(abbr, True)}\\.?)",
        "MONX": f"(?:{alts(full, True)}|{alts(abbr, True)}\\.)",  # standalone: abbreviations need the period
        "WD": f"(?:{alts(wfull, True)}|{alts(wabbr, True)}\\.)",
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "DAYW": alts(w.replace("-", " ") for w in lx["day_ordinals"]).replace(r"(?i:\s+)", r"(?i:[\s-]+)").replace(r"\s+", r"[\s-]+"),
        "YEAR": r"(?:1[5-9]\d\d|20\d\d)",
        "NUM": rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|{numword}(?:[\s-]+{numword})*(?:[\s-]+and[\s-]+a[\s-]+half)?|(?i:an?))",
        "NUMW": numword,
        "VAGUE": alts(lx["vague_numbers"]),
        "UNIT": alts(u for u in lx["units"] if u not in ("weekend", "weekends")),
        "APPROX": alts(lx["approximators"]),
        "OPEN": alts(lx["span_openers"]),
        "SEASON": alts(lx["seasons"]),
        "PART": alts(lx["parts_of_day"]),
        "ORD": alts(lx["ordinals"]),
        "DECW": alts(lx["decade_words"]),
        "MOD": alts(lx["modifiers"]),
        "TZ": "(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in lx["timezones"]) + ")",
        "AMPM": r"(?:[ap]\.?\s?m\b\.?|[AP]\.?\s?M\b\.?)",
        "HOLIDAY": alts(lx["holidays"], True),
        "NIGHT": r"(?P<night>(?i:(?:the\s+)?night\s+(?:of|between|from)|overnight(?:\s+(?:on|of|between|from))?)\s+)",
    }
    f["CLOCK"] = (rf"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*{f['AMPM']}|(?:[01]?\d|2[0-3]):[0-5]\d"
                  rf"|(?:[01]\d|2[0-3])[0-5]\d(?=\s+(?:{f['TZ']}|hours?\b))|(?i:noon|midnight|midday))")
    return f


# Each rule: (name, pattern), and a reader of its matches (below). The timex is the named
# group `t`; text around it is context.
# Rules are tried in order; overlapping matches keep the longest (then the earlier rule).
RULES: list[tuple[str, str]] = [
    ("iso", r"\b(?P<t>(?P<y>{YEAR})-(?P<m>[01]\d)(?:-(?P<d>[0-3]\d))?)\b(?!-\d)"),
    ("isoweek", r"\b(?P<t>(?P<y>{YEAR})-W(?P<w>[0-5]\d))\b"),
    ("numeric", r"(?<![\d/.])(?P<t>(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>{YEAR}|\d\d))(?![\d/])"),
    ("mdy_span", r"(?P<t>{NIGHT}?(?P<mon>{MON})\s+(?P<d>{DAY})\s*(?:-|–|and|to|through)\s*(?P<d2>{DAY})\b(?:,?\s+(?P<y>{YEAR})\b)?)"),
    ("dmy_span", r"(?P<t>{NIGHT}?(?P<d>{DAY})\s*(?:-|–|and|to)\s*(?P<d2>{DAY})\s+(?:of\s+)?(?P<mon>{MON})\b(?:,?\s+(?P<y>{YEAR})\b)?)"),
    ("mdy", r"(?P<t>(?:(?P<wd>{WD}),?\s+)?(?P<mon>{MON})\s+(?:(?P<d>{DAY})\b|(?P<dw>{DAYW})(?![\w-]))(?:,?\s+(?P<y>{YEAR})\b)?)"),
    ("dmy", r"(?P<t>(?:(?P<wd>{WD}),?\s+)?(?:the\s+)?(?P<d>{DAY})\s+(?:of\s+)?(?P<mon>{MON})\b(?:,?\s+(?P<y>{YEAR})\b)?)"),
    ("dmy_word", r"(?P<t>(?:(?P<wd>{WD}),?\s+)?(?i:the)\s+(?P<dw>{DAYW})\s+of\s+(?P<mon>{MON})\b(?:,?\s+(?P<y>{YEAR})\b)?)"),
    ("my", r"(?P<t>(?:(?P<mod>{MOD})[\s-]*)?(?P<mon>{MON})(?:,?\s+of)?,?\s+(?P<y>{YEAR})\b)"),
    ("monthyear", r"(?P<t>(?P<mon>{MON})\s+(?P<rel>(?i:this|last|next))\s+(?i:year))\b"),
    ("month", r"(?P<t>(?:(?P<mod>{MOD})[\s-]*)?(?:(?P<shift>(?i:last|this|next|this\s+past|the\s+coming))\s+)?(?P<mon>{MONX}))"
              r"(?!\s*\d)(?![\w-])"),
    ("season", r"(?P<t>(?:(?P<mod>{MOD})[\s-]*)?(?:(?P<shift>(?i:last|this|next|the\s+coming|the|this\s+past))\s+)?"
               r"(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<y>{YEAR})\b)?)(?![\w-])"),
    ("quarter", r"(?P<t>(?:(?i:the)\s+)?(?:(?P<y0>{YEAR})\s+|(?P<rel>(?i:this|last|next))\s+(?i:year)['’]s\s+)?(?:(?i:fiscal|calendar)[\s-]+)?(?P<ord>{ORD}|(?i:final|last))[\s-]+(?i:(?P<q>quarter)|(?P<h>half))"
                r"(?:\s+(?:of\s+)?(?:(?i:fiscal)\s+)?(?P<y>{YEAR})\b)?(?![\w-]))"),
    ("comparable", r"(?P<t>(?i:the)\s+(?:(?P<y>{YEAR})|(?P<ago>(?i:year-earlier|year-ago|year-before|prior-year|previous-year)))"
                   r"\s+(?:(?P<ord>{ORD})[\s-]+)?(?P<per>(?i:period|quarter|half)))\b"),
    ("comparable_last", r"(?P<t>(?i:the\s+(?:same|corresponding|comparable|like)\s+(?:period|quarter|months?)(?:\s+(?:of|in))?\s+"
                        r"(?:last\s+year|a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior|preceding)\s+year))"
                        r"|(?i:last\s+year['’]s)\s+(?:(?P<ord>{ORD})[\s-]+)?(?i:period|quarter))\b"),
    ("quarterref", r"(?P<t>(?i:the\s+(?:(?:latest|current|same|recent|fiscal|year-ago|year-earlier|previous|past|latest\s+fiscal)\s+)?"
                   r"(?P<q>quarter)))\b"),
    ("qnum", r"\b(?P<t>Q(?P<qn>[1-4])(?:\s+(?P<y>{YEAR}))?)\b"),
    ("fiscal", r"(?P<t>(?i:fiscal|calendar|(?:the\s+)?(?:fiscal\s+)?year)\s+(?P<y>{YEAR}))\b"),
    ("yearmod", r"(?P<t>(?P<mod>{MOD})[\s-]*(?P<y>{YEAR}))\b"),
    ("decade", r"(?P<t>(?:(?i:the)\s+)?(?:(?P<mod>{MOD})[\s-]*)?(?:(?P<dec>1[5-9]\d0|20\d0)|'(?P<dec2>\d0))'?s)\b"),
    ("decadeword", r"(?P<t>(?i:the)\s+(?:(?P<mod>{MOD})[\s-]*)?(?:(?P<c19>(?i:nineteen))[\s-]+)?(?P<decw>{DECW}))\b"),
    ("century", r"(?P<t>(?:(?i:the)\s+)?(?:(?P<mod>{MOD})[\s-]*)?(?:(?P<cn>[1-9]|1\d|2[01])(?:st|nd|rd|th)|(?P<cw>{DAYW}))[\s-]+(?i:century))(?![\w-])"),
    ("year", r"(?<![$€£#\d.,/-])(?<!No\. )\b(?P<t>(?P<y>{YEAR}))\b(?![.,]\d)(?!\s*%)(?!-\d)(?!\s*(?i:percent))"),
    ("spelled_year", r"(?P<t>(?:(?i:the\s+year\s+))?(?P<yw>(?i:nineteen)(?:[\s-]+{NUMW}){{1,2}}|(?i:two\s+thousand(?:\s+and)?(?:[\s-]+{NUMW})*)))\b(?!\s+(?:{UNIT}|people|dollars))"),
    ("holiday", r"(?P<t>(?:(?P<shift>(?i:last|this|next|this\s+past|this\s+coming))\s+)?(?P<hol>{HOLIDAY})(?:,?\s+(?P<y>{YEAR}))?)\b"),
    ("timeday", r"(?P<t>(?:(?i:about|around|approximately)\s+)?(?P<clock>{CLOCK})(?:\s*(?:\({TZ}\)|{TZ}))?"
                r"(?:\s+(?:(?i:on|of|in\s+the))?\s*(?:(?P<wd>{WD})|(?P<dw>(?i:today|yesterday|tomorrow|tonight))"
                r"|(?P<pod>(?i:morning|afternoon|evening|night))))?)(?![\w:])"),
    ("clockword", r"(?P<t>(?P<num>{NUMW}|\d{{1,2}})\s+(?:o'clock\s+)?(?i:in\s+the\s+)(?P<pod>(?i:morning|afternoon|evening)))\b"),
    ("daypart", r"(?P<t>(?:(?P<mod>(?i:early|late|mid|mid-))[\s-]*)?(?:(?P<wd>{WD})|(?P<dw>(?i:today|yesterday|tomorrow|this|last|tonight|the)))"
                r"\s+(?P<pod>(?i:morning|afternoon|evening|night|overnight))(?P<plural>s)?)\b"),
    ("daypart_pair", r"(?P<t>(?P<wd>{WD}))\s+(?:and|or)\s+{WD}\s+(?P<pod>(?i:morning|afternoon|evening|night))(?P<plural>s)\b"),
    ("partday", r"(?P<t>(?P<pod>(?i:mid-afternoon|mid\s+afternoon|mid-morning|midday|overnight|tonight))(?:\s+(?:(?P<wd>{WD})|(?P<dw>(?i:today|yesterday|tomorrow))))?)\b"),
    ("dayword", r"(?P<t>(?:(?P<mod>(?i:early|late|earlier|later))\s+)?(?P<dw>(?i:today|tomorrow|yesterday|the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))))\b(?!['’]s\s+(?:world|society|market))"),
    ("narrative", r"(?P<t>(?i:the\s+(?:next|following|previous|same)\s+day|the\s+day\s+(?:before|after)|a\s+day\s+(?:earlier|later)|that\s+(?:same\s+)?day))\b"),
    ("narrative_unit", r"(?P<t>(?P<rel>(?i:the\s+following|the\s+previous|the\s+preceding|that|the\s+same|later\s+that|earlier\s+that))\s+(?P<unit>(?i:week|month|year)))\b"),
    ("weekday", r"(?P<t>(?:(?P<shift>(?i:last|this|next|this\s+past|this\s+coming|coming|early|late))\s+)?(?P<wd>{WD})(?P<plural>s)?)(?![\w-])"),
    ("weekend", r"(?P<t>(?P<shift>(?i:last|this|next|the|the\s+coming|the\s+past|this\s+past|this\s+coming))\s+(?i:weekend))\b"),
    ("shift", r"(?P<t>(?:(?P<mod>{MOD})[\s-]*)?(?:(?P<early>(?i:earlier|later))\s+)?(?P<shift>(?i:last|this|next|the\s+past|the\s+coming|the\s+current|the\s+previous|the\s+following|this\s+past|the\s+same|the\s+latest))"
              r"\s+(?:(?i:fiscal|calendar)[\s-]+)?(?P<unit>(?i:week|month|year|decade|century|quarter)))\b(?!\s+(?:and\s+a\s+half|or\s+so))"),
    ("unitend", r"(?P<t>(?P<mod>(?i:the\s+end|the\s+beginning|the\s+start|the\s+middle))\s+of\s+(?i:the)\s+(?P<unit>(?i:week|month|year|decade|century)))\b"),
    ("yearend", r"(?P<t>(?i:year-end|year\s+end|month-end))\b"),
    ("the_year", r"(?<![\w-])(?i:for|in|during|throughout|of|through)\s+(?P<t>(?i:the\s+(?:full\s+|whole\s+|entire\s+|calendar\s+)?)(?P<unit>year|month|week|day))\b(?!['’]s)(?!\s+(?i:before|after|of)\b)"),
    ("ago", r"(?P<t>(?:(?P<approx>{APPROX})\s+)?(?P<num>{NUM}|{VAGUE})\s+(?P<unit>{UNIT})\s+(?P<dir>(?i:ago|earlier|from\s+now|hence)))\b"),
    ("agoword", r"(?P<t>(?P<unit>(?i:year|month|week|day))s\s+(?P<dir>(?i:ago|earlier)))\b"),
    ("yearago", r"(?P<t>(?i:year-(?:ago|earlier)))\b"),
    ("duration", r"(?P<t>(?:(?P<open>{OPEN})\s+)?(?:(?P<approx>{APPROX})\s+)?(?P<num>{NUM})\s+(?:(?i:more|additional|straight|consecutive|full|long)\s+)?(?P<unit>{UNIT})(?!-)(?P<half>\s+(?i:and\s+a\s+half)\b)?)\b"),
    ("vague_duration", r"(?P<t>(?:(?P<open>{OPEN})\s+)?(?P<vague>{VAGUE})\s+(?:(?i:more)\s+)?(?P<unit>{UNIT}))\b(?!['’-])"),
    ("hyph_duration", r"(?P<t>(?P<num>\d+|{NUMW}(?:-{NUMW})?)-(?P<unit>(?i:year|month|week|day|hour|minute|decade|century))(?:-(?i:long))?)(?![\w-])"),
    ("coming_units", r"(?P<t>(?:(?i:the)\s+)?(?i:coming|upcoming)\s+(?:(?i:few|several)\s+)?(?P<unit>(?i:days|weeks|months|years|decades|quarters)))\b"),
    ("hyph_vague", r"(?P<t>(?P<unit>(?i:years|months|weeks|days|hours|decades|centuries))-(?i:long))(?![\w-])"),
    ("bare_duration", r"(?<![\w'’-])(?i:for|over|in|within|after|took|take|takes|lasted)\s+(?P<t>(?:(?<=[Oo]ver\s)(?i:the)\s+)?(?P<unit>(?i:years|months|weeks|days|hours|decades|centuries)))\b(?!\s+(?:of|ago|earlier|later|before|after|that|when|since))"),
    ("set", r"(?P<t>(?P<setw>(?i:daily|nightly|weekly|biweekly|monthly|quarterly|yearly|annually|hourly|(?:every|each)\s+(?:day|week|month|year|quarter|hour))))\b"),
    ("setn", r"(?P<t>(?i:every)\s+(?P<num>{NUM})\s+(?P<unit>{UNIT}))\b"),
    ("setwd", r"(?P<t>(?i:every|each)\s+(?:(?P<wd>{WD})|(?P<mon>{MONX})))\b"),
    ("rate", r"(?<=[\w%] )(?P<t>(?i:a|per|an)\s+(?P<unit>(?i:year|month|week|day|hour)))\b"),
    ("ref", r"(?P<t>{REFS})\b(?![-’']s?\w)"),
]


def refs_pattern() -> str:
    return alts(lexicon()["refs"])


@lru_cache(maxsize=1)
def compiled() -> list[tuple[str, re.Pattern, Gate]]:
    f = dict(fragments(), REFS=refs_pattern())
    # a timex starts a word: saying so first spares the engine every mid-word position
    rxs = [(name, re.compile(r"(?<!\w)" + pat.format(**f))) for name, pat in RULES]
    return [(name, rx, gate(rx)) for name, rx in rxs]


# --------------------------------------------------------------------------- prefilter
#
# A rule's scan of a text costs about the same whether it finds anything or not, and most
# rules find nothing in most texts. So `find` skips a rule when the text lacks what every
# match of it holds. That is read off the compiled pattern (so it follows RULES and the
# lexicon): each stretch of the pattern that can match only a few strings gives the set
# of them, one of which any match holds. The text is compared in `normalized` form, in
# which each such string stays a substring; a word the pattern bounds on both sides must
# also be one of the text's words, a set lookup that settles most tests.

Gate = tuple[tuple[frozenset[str] | None, tuple[tuple[frozenset[str], str | None], ...]], ...]
EDGE = "\0"  # a word edge the pattern asserts: \b, (?<!\w), (?![\w-])
CAP = 128  # the most strings followed for one stretch


def normalized(text: str) -> str:
    """Lower case (as (?i) matches), digits as 0, whitespace runs as one space, one at each end."""
    text = text if text.isascii() else text.translate(FOLD)
    return " " + " ".join(re.sub(r"\d", "0", text.lower()).split()) + " "


def joined(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """Each string of `a` followed by each of `b`; None if either is, or if they are too many."""
    if a is None or b is None:
        return None
    out = {x + y[1:] if x.endswith(" ") and y.startswith(" ") else x + y for x in a for y in b}
    return out if len(out) <= CAP else None


def pattern_strings(items) -> set[str] | None:
    """Every string a sequence of parsed pattern items can match, normalized (None: too many)."""
    out: set[str] | None = {""}
    for op, av in items:
        out = joined(out, item_strings(op, av))
    return out


def item_strings(op, av) -> set[str] | None:
    """`pattern_strings` of one item; a word edge the item asserts is written EDGE."""
    if op in (sre.LITERAL, sre.IN):
        cs = set()
        for o, a in [(op, av)] if op is sre.LITERAL else av:
            if o is sre.LITERAL:
                cs.add(chr(a))
            elif o is sre.RANGE and a[1] - a[0] < CAP:
                cs.update(map(chr, range(a[0], a[1] + 1)))
            elif o is sre.CATEGORY and a in (sre.CATEGORY_DIGIT, sre.CATEGORY_SPACE):
                cs.add("0" if a is sre.CATEGORY_DIGIT else " ")
            else:
                return None
        if any(c.isalpha() and not c.isascii() and ord(c) not in FOLD for c in cs):
            return None  # (?i) may match it to a letter `normalized` keeps apart
        return {normalized(c).strip() or " " for c in cs}  # each as in normalized text
    if op is sre.AT:
        return {EDGE if av is sre.AT_BOUNDARY else ""}
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        body = av[1]
        edge = op is sre.ASSERT_NOT and len(body) == 1 and body[0][0] is sre.IN and \
            (sre.CATEGORY, sre.CATEGORY_WORD) in body[0][1]
        return {EDGE if edge else ""}
    if op is sre.SUBPATTERN:
        return pattern_strings(av[3])
    if op is sre.BRANCH:
        options = [pattern_strings(b) for b in av[1]]
        return None if None in options else joined({""}, set().union(*options))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        lo, hi, body = av
        s = pattern_strings(body)
        if s == {" "}:  # a whitespace run
            return {" "} if lo else {"", " "}
        if s is None or hi > 2:
            return None
        powers = [{""}, s, joined(s, s) if hi == 2 else set()]
        return None if powers[2] is None else set().union(*powers[lo:hi + 1])
    return None


def flat_items(items):
    """A sequence of parsed pattern items, its groups opened."""
    for op, av in items:
        if op is sre.SUBPATTERN:
            yield from flat_items(av[3])
        else:
            yield op, av


def needs(items, start: frozenset[str] = frozenset({""})) -> list[set[str]]:
    """Sets of strings such that a match of the items holds one of each; `start` precedes it."""
    out, run = [], set(start)
    for op, av in flat_items(items):
        s = item_strings(op, av)
        if (longer := joined(run, s)) is not None:
            run = longer
            continue
        if "" not in run:
            out.append(run)
        # what follows a stretch that ends in a non-word character starts at a word edge
        edge = "" not in run and not any(re.match(r"\w", x[-1]) for x in run)
        start = frozenset({EDGE if edge else ""})
        run = joined(set(start), s) or {""}
        if s is None and op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] > 0:
            out += needs(av[2], start)
        elif s is None and op is sre.BRANCH:  # the longest-worded set of each alternative, pooled
            options = [needs(b, start) for b in av[1]]
            if all(options):
                out.append(set().union(*(max(o, key=lambda ss: min(len(x.strip(" " + EDGE)) for x in ss))
                                         for o in options)))
    if "" not in run:
        out.append(run)
    return out


def gate(rx: re.Pattern) -> Gate:
    """What a text must hold for `rx` to match: for each set `needs` finds, one of its
    strings, tested as the whole words it holds and, unless it is one such word, as a
    substring. With each set go words one of which the text must hold for any of its
    tests to pass (None if some test has no whole word): most sets fail on that lookup."""
    try:  # the standard library's own regex parser (private: without it, no gate, only slower)
        parsed = sre_parse.parse(rx.pattern, rx.flags)
    except Exception:
        return ()
    out = []
    for strs in needs(parsed):
        tests = set()
        for s in strs:
            words = frozenset(m.group() for m in re.finditer(r"\w+", s) if 0 < m.start() and m.end() < len(s))
            sub = re.sub(" +", " ", s.replace(EDGE, ""))
            tests.add((words, None if sub.strip() in words else sub))
        if all(ws or sub.strip() for ws, sub in tests):  # else the set always holds
            tests = {t for t in tests if not any(u != t and implies(u, t) for u in tests)}
            keys = frozenset(max(ws, key=len) for ws, _ in tests) if all(ws for ws, _ in tests) else None
            out.append((keys, tuple(tests)))
    return tuple(sorted(out, key=lambda g: (g[0] is None, len(g[1]))))  # quick rejections first


def implies(a: tuple, b: tuple) -> bool:
    """Whether a text that passes gate test `b` passes test `a`, (words, substring) both: a set
    needs only the tests no other one implies ("0" of "00th", "fall" of "the coming fall 0000")."""
    return a[0] <= b[0] and (a[1] is None or (b[1] is not None and a[1] in b[1]))


def admits(needed: Gate, low: str, words: set[str]) -> bool:
    """Whether a normalized text, with the set of its words, holds what `gate` asks."""
    for keys, tests in needed:
        if keys is not None and keys.isdisjoint(words):
            return False
        if not any(ws <= words and (sub is None or sub in low) for ws, sub in tests):
            return False
    return True


# --------------------------------------------------------------------------- reading matches


def number(text: str) -> float | None:
    """A number written in digits or words ("twenty four", "2 1/2", "a")."""
    t = text.lower().replace("-", " ").strip()
    half = 0.0
    if t.endswith(" 1/2"):
        half, t = 0.5, t[:-4]
    if t.endswith(" and a half"):
        half, t = 0.5, t[:-11]
    try:
        return float(t) + half
    except ValueError:
        pass
    nums = lexicon()["numbers"]
    if t in nums:
        return nums[t] + half
    total = 0.0
    for w in t.split():
        if w not in nums:
            return None
        total = total * 100 if w == "hundred" else total + nums[w]
    return total + half


def period_value(n: float | None, unit: str) -> str:
    """A TIMEX3 duration: P3W, PT5H, PXY, P1Y6M."""
    u = lexicon()["units"][unit.lower()]
    timeish = u in ("H", "MIN", "S")
    letter = {"MIN": "M", "2W": "W", "DE": "Y", "CE": "Y"}.get(u, u)
    scale = {"2W": 2, "DE": 10, "CE": 100}.get(u)
    if scale and n is not None:
        n = n * scale
    if n is None:
        return f"P{'T' if timeish else ''}X{letter}"
    if n != int(n):
        whole, frac = int(n), n - int(n)
        sub = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H"), "H": (60, "M"), "MIN": (60, "S")}.get(u)
        if sub:
            inner = f"{int(frac * sub[0])}{sub[1]}"
            if timeish or u == "D":
                return f"P{'T' if not timeish and u == 'D' else ''}{'T' if timeish else ''}{whole or ''}{letter if whole else ''}{inner}".replace("PTT", "PT")
            return f"P{whole}{letter}{inner}" if whole else f"P{inner}"
    return f"P{'T' if timeish else ''}{int(n)}{letter}"


def clock_value(text: str) -> str | None:
    t = text.lower().replace(" ", "")
    words = lexicon()["clock_words"]
    if t in words:
        return words[t]
    m = re.match(r"(\d{1,2})(?::?(\d\d))?(?:([ap])\.?m\.?)?", t)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) == "p" and h < 12:
        h += 12
    if m.group(3) == "a" and h == 12:
        h = 0
    return f"{h:02d}:{mi:02d}" if h < 24 else None


def day_words_spec(dw: str, **kw) -> Spec:
    n = lexicon()["day_words"][re.sub(r"\s+", " ", dw.lower())]
    return Spec("offset", unit="D", n=n, **kw)


# Each rule of RULES has a reader, registered under the rule's name, that says what its
# match means; the lexicon gives the words' values (shifts, units, modifiers, ...).

Reading = tuple[str, Spec] | None  # (TIMEX3 type, spec), or None: not a timex after all


class Groups(dict):
    """The named groups a match filled, with the readings of them that rules share."""

    def __init__(self, m: re.Match) -> None:
        super().__init__((k, v) for k, v in m.groupdict().items() if v is not None)
        self.match = m

    def words(self, key: str) -> str:
        """A group as lexicon keys are written: lower case, one space between words."""
        return re.sub(r"\s+", " ", self[key].lower())

    @property
    def shift(self) -> int | None:
        """The step the `shift` group's last word says ("this past" -> -1); None if none."""
        words = self.get("shift", "").lower().split()
        return lexicon()["shifts"][words[-1]] if words else None

    @property
    def month(self) -> int | None:
        return lexicon()["months"][self["mon"].lower().rstrip(".")] if "mon" in self else None

    @property
    def weekday(self) -> int | None:
        return lexicon()["weekdays"][self["wd"].lower().rstrip(".")] if "wd" in self else None

    @property
    def year(self) -> int | None:
        return int(self["y"]) if "y" in self and len(self["y"]) == 4 else None

    @property
    def mod(self) -> str | None:
        return lexicon()["modifiers"].get(re.sub(r"[\s-]+$", "", self["mod"].lower())) if self.get("mod") else None

    @property
    def unit_code(self) -> str:
        return lexicon()["units"][self["unit"].lower()]


READERS: dict[str, Callable[[Groups], Reading]] = {}


def reader(*rules: str) -> Callable:
    """Register a function as the reader of these rules."""
    def register(f: Callable[[Groups], Reading]) -> Callable[[Groups], Reading]:
        for rule in rules:
            READERS[rule] = f
        return f
    return register


def read(name: str, m: re.Match) -> Reading:
    """(type, spec) for a rule's match, or None when the match is not a timex after all."""
    return READERS[name](Groups(m))


@reader("iso")
def read_iso(g: Groups) -> Reading:
    month, day = int(g["m"]), int(g["d"]) if "d" in g else None
    try:
        date(g.year, month, day or 1)
    except ValueError:  # "2012-13": a season of two years, not a thirteenth month
        return None
    return "DATE", Spec("cal", year=g.year, month=month, day=day)


@reader("isoweek")
def read_isoweek(g: Groups) -> Reading:
    return "DATE", Spec("cal", year=g.year, week=int(g["w"]))


@reader("numeric")
def read_numeric(g: Groups) -> Reading:
    a, b, y = int(g["a"]), int(g["b"]), g["y"]
    y = int(y) if len(y) == 4 else (1900 + int(y) if int(y) > 30 else 2000 + int(y))
    if not (1 <= a <= 12 and 1 <= b <= 31):
        return None
    return "DATE", Spec("cal", year=y, month=a, day=b)


@reader("mdy", "dmy", "dmy_word")
def read_month_day(g: Groups) -> Reading:
    month = g.month
    day = int(re.match(r"\d+", g["d"]).group()) if "d" in g else lexicon()["day_ordinals"][re.sub(r"[\s-]+", "-", g["dw"].lower())]
    try:
        date(g.year or 2000, month, day)
    except ValueError:  # "June 31"
        return None
    return "DATE", Spec("cal", year=g.year, month=month, day=day, weekday=g.weekday)


@reader("mdy_span", "dmy_span")
def read_day_span(g: Groups) -> Reading:
    """Days of one month, as a span from the first to the last ("3 and 4 May", "June 27-28");
    a night over two days is the night of the first, as TIMEX3 names it ("the night of 4-5 May")."""
    first, last = (int(re.match(r"\d+", g[k]).group()) for k in ("d", "d2"))
    try:
        date(g.year or 2000, g.month, last)
    except ValueError:
        return None
    if not first < last:
        return None
    if last == first + 1 and "night" in g:
        return "TIME", Spec("cal", year=g.year, month=g.month, day=first, part="NI")
    return "DATE", Spec("cal", year=g.year, month=g.month, day=first, last_day=last)


@reader("my", "fiscal", "yearmod")
def read_calendar(g: Groups) -> Reading:
    return "DATE", Spec("cal", year=g.year, month=g.month, mod=g.mod)


@reader("monthyear")
def read_month_year(g: Groups) -> Reading:
    return "DATE", Spec("shift", unit="Y", n=lexicon()["shifts"][g["rel"].lower()], month=g.month)


@reader("month")
def read_month(g: Groups) -> Reading:
    n = g.shift
    if n is None and not g.mod and not month_context(g.match):
        return None
    if n is not None:
        return "DATE", Spec("named", month=g.month, n=n, mod=g.mod)
    return "DATE", Spec("cal", month=g.month, mod=g.mod)


@reader("season")
def read_season(g: Groups) -> Reading:
    season = lexicon()["seasons"][g["season"].lower()]
    if g.year:
        return "DATE", Spec("cal", year=g.year, season=season, mod=g.mod)
    if "shift" not in g and not g.mod:
        return None
    if "shift" in g and g["shift"].lower() != "the":  # "the summer" is the nearest one, as a bare name
        return "DATE", Spec("named", season=season, n=g.shift, mod=g.mod)
    return "DATE", Spec("cal", season=season, mod=g.mod)


@reader("quarter")
def read_quarter(g: Groups) -> Reading:
    nth = lexicon()["ordinals"].get(g["ord"].lower(), 4 if "q" in g else 2)  # "final", "last"
    if ("q" in g and nth > 4) or ("h" in g and nth > 2):
        return None
    fields = {"quarter": nth} if "q" in g else {"half": nth}
    if "rel" in g:
        return "DATE", Spec("shift", unit="Y", n=lexicon()["shifts"][g["rel"].lower()], **fields)
    return "DATE", Spec("cal", year=g.year or (int(g["y0"]) if "y0" in g else None), **fields)


@reader("comparable", "comparable_last")
def read_comparable(g: Groups) -> Reading:
    """A period of a report set beside the one in focus: "the year-ago quarter", "the 1988 period",
    "the same period last year" are the focus's quarter or half in that year (else the year)."""
    fields = {}
    if "ord" in g:
        nth = lexicon()["ordinals"].get(g["ord"].lower(), 0)
        if not 1 <= nth <= (2 if g.get("per", "").lower() == "half" else 4):
            return None
        fields = {"half": nth} if g.get("per", "").lower() == "half" else {"quarter": nth}
    if g.year:
        return "DATE", Spec("cal", year=g.year, comparative=not fields, **fields)
    if fields:
        return "DATE", Spec("shift", unit="Y", n=-1, **fields)
    return "DATE", Spec("offset", unit="Y", n=-1, comparative=True)


@reader("quarterref")
def read_quarter_ref(g: Groups) -> Reading:
    text = g["t"].lower()
    # in reports "the quarter" is the last one closed; "the year-ago quarter" four before it
    n = 0 if "current" in text else -1
    n -= 4 if re.search(r"year-ago|year-earlier", text) else 0
    return "DATE", Spec("shift", unit="Q", n=n, comparative=n < -1)


@reader("qnum")
def read_qnum(g: Groups) -> Reading:
    return "DATE", Spec("cal", year=g.year, quarter=int(g["qn"]))


@reader("decade")
def read_decade(g: Groups) -> Reading:
    decade = int(g["dec"]) // 10 if "dec" in g else 190 + int(g["dec2"]) // 10  # "the '80s"
    return "DATE", Spec("cal", decade=decade, mod=g.mod)


@reader("decadeword")
def read_decade_word(g: Groups) -> Reading:
    """"the nineties": the latest such decade up to the reference's ("the nineteen nineties": of the 1900s)."""
    digit = lexicon()["decade_words"][g["decw"].lower()]
    if "c19" in g:
        return "DATE", Spec("cal", decade=190 + digit, mod=g.mod)
    return "DATE", Spec("named", decade=digit, mod=g.mod)


@reader("century")
def read_century(g: Groups) -> Reading:
    nth = int(g["cn"]) if "cn" in g else lexicon()["day_ordinals"][re.sub(r"[\s-]+", "-", g["cw"].lower())]
    return ("DATE", Spec("cal", century=nth - 1, mod=g.mod)) if nth <= 21 else None


@reader("year")
def read_year(g: Groups) -> Reading:
    return ("DATE", Spec("cal", year=g.year)) if year_context(g.match) else None


@reader("spelled_year")
def read_spelled_year(g: Groups) -> Reading:
    yw = g["yw"].lower()
    if yw.startswith("nineteen"):
        rest = number(yw[len("nineteen"):])
        if rest is None or rest >= 100:
            return None
        return "DATE", Spec("cal", year=1900 + int(rest))
    rest = re.sub(r"two\s+thousand(\s+and)?", "", yw).strip()
    n = number(rest) if rest else 0
    return ("DATE", Spec("cal", year=2000 + int(n))) if n is not None and n < 100 else None


@reader("holiday")
def read_holiday(g: Groups) -> Reading:
    if "shift" in g and not g.year:  # "last Christmas": the one before the reference
        return "DATE", Spec("named", holiday=g.words("hol"), n=g.shift)
    return "DATE", Spec("cal", year=g.year, holiday=g.words("hol"))


@reader("timeday")
def read_time_of_day(g: Groups) -> Reading:
    clock = clock_value(g["clock"])
    if clock is None:
        return None
    if "dw" in g:
        return "TIME", day_words_spec(g["dw"], clock=clock)
    if "wd" in g:
        return "TIME", Spec("named", weekday=g.weekday, clock=clock)
    return "TIME", Spec("offset", unit="D", n=0, clock=clock)


@reader("clockword")
def read_clock_word(g: Groups) -> Reading:
    n = number(g["num"])
    if n is None or not 1 <= n <= 12:
        return None
    h = int(n) + (12 if g["pod"].lower() in ("afternoon", "evening") and n < 12 else 0)
    return "TIME", Spec("offset", unit="D", n=0, clock=f"{h:02d}:00")


@reader("daypart", "partday", "daypart_pair")
def read_part_of_day(g: Groups) -> Reading:
    part = lexicon()["parts_of_day"].get(g["pod"].lower().replace(" ", "-"), "NI")  # "tonight": NI
    dw = g.get("dw", "").lower()
    if "plural" in g:  # "Tuesday nights": every one
        return ("SET", Spec("set", value=f"XXXX-WXX-{g.weekday}T{part}")) if "wd" in g else None
    if "wd" in g:
        return "TIME", Spec("named", weekday=g.weekday, part=part)
    if dw == "last":  # "last night" is the night before, "last evening" today's
        return "TIME", Spec("offset", unit="D", n=-1 if part == "NI" else 0, part=part)
    if dw == "the":
        return "TIME", Spec("narrative", n=0, part=part)
    if dw in ("", "this", "tonight"):
        return "TIME", Spec("offset", unit="D", n=0, part=part)
    return "TIME", day_words_spec(dw, part=part)


@reader("dayword")
def read_day_word(g: Groups) -> Reading:
    return "DATE", day_words_spec(g["dw"])


@reader("narrative")
def read_narrative(g: Groups) -> Reading:
    return "DATE", Spec("narrative", n=lexicon()["narrative_days"][g.words("t")])


@reader("narrative_unit")
def read_narrative_unit(g: Groups) -> Reading:
    return "DATE", Spec("narrative", unit=g.unit_code, n=lexicon()["narrative_units"][g.words("rel")])


@reader("weekday")
def read_weekday(g: Groups) -> Reading:
    if "plural" in g:
        return "SET", Spec("set", value=f"XXXX-WXX-{g.weekday}")
    words = g.get("shift", "").lower().split()
    if words in (["early"], ["late"]):  # "late Friday": the bare weekday
        return "DATE", Spec("named", weekday=g.weekday, n=0)
    return "DATE", Spec("named", weekday=g.weekday, n=g.shift or 0, unit="W" if words == ["this"] else None)


@reader("weekend")
def read_weekend(g: Groups) -> Reading:
    return "DATE", Spec("shift", unit="WE", n=g.shift)


@reader("shift")
def read_shift(g: Groups) -> Reading:
    unit = g.unit_code
    # "the past year" is read as a DATE by TimeBank; "the past month/week" are stretches
    if g.words("shift") in ("the past", "the previous", "the last", "the coming", "the following") and \
            unit not in ("Y", "Q"):
        return "DURATION", Spec("duration", value=period_value(1, g["unit"]))
    mod = lexicon()["modifiers"][g["early"].lower()] if "early" in g else g.mod
    return "DATE", Spec("shift", unit=unit, n=lexicon()["shifts"][g.words("shift")], mod=mod)


@reader("unitend")
def read_unit_end(g: Groups) -> Reading:
    return "DATE", Spec("shift", unit=g.unit_code, n=0, mod=lexicon()["modifiers"][g.words("mod") + " of"])


@reader("yearend")
def read_year_end(g: Groups) -> Reading:
    """"year-end" is the year, at its end (TIMEX3 keeps the year and says END), as "the end of the year" is."""
    unit = "M" if g["t"].lower().startswith("month") else "Y"
    return "DATE", Spec("shift", unit=unit, n=0, mod="END")


@reader("the_year")
def read_the_year(g: Groups) -> Reading:
    """"the year ended June 30" is a stretch of a year; "for the full year", "earlier in the year"
    the year in question, the reference's. A week is a stretch ("for the week") unless placed in
    it ("later in the week"); a day is the day in focus ("earlier in the day")."""
    m = g.match
    before = m.string[max(0, m.start("t") - 20):m.start("t")]
    within = bool(re.search(r"(?i:earlier|later|early|late)\s+(?:in|during)\s+$", before))
    if re.search(r"(?i:back)\s+in\s+$", before):
        return None  # "back in the day": long ago, no day
    if re.search(r"(?i:throughout)\s+$", before) or (g.unit_code == "W" and not within) or \
            re.match(r"\s+(?i:end(?:ed|ing)|to\s+date|through|until|since)\b", m.string[m.end():m.end() + 20]):
        return "DURATION", Spec("duration", value=f"P1{g.unit_code}")
    if g.unit_code == "D":
        after = m.string[m.end():m.end() + 12]
        if not (within or re.search(r"(?i:of|for)\s+$", before)) or \
                re.match(r",?\s+(?:{WD}|{MON}|(?i:today|yesterday|tomorrow)\b)".format(**fragments()), after):
            return None  # "in the day" is daytime; the day a name that follows gives is read there
        return "DATE", Spec("narrative", n=0)
    return "DATE", Spec("shift", unit=g.unit_code, n=0)


@reader("ago", "agoword")
def read_ago(g: Groups) -> Reading:
    unit = g.unit_code
    if unit in ("H", "MIN", "S", "WE", "2W"):  # not a unit a day is moved by
        return None
    n = number(g["num"]) if "num" in g else None
    sign = lexicon()["offset_directions"][g.words("dir")]
    if n is None or n != int(n):  # "years ago", "a few weeks ago": only the side of the reference
        return "DATE", Spec("ref", value="PAST_REF" if sign < 0 else "FUTURE_REF")
    return "DATE", Spec("offset", unit=unit, n=sign * int(n), comparative=unit == "Y" and n == 1)


@reader("yearago")
def read_year_ago(g: Groups) -> Reading:
    return "DATE", Spec("offset", unit="Y", n=-1, comparative=True)


@reader("duration", "hyph_duration")
def read_duration(g: Groups) -> Reading:
    n = number(g["num"])
    if n is None or n == 0:
        return None
    n += 0.5 if "half" in g else 0  # "a year and a half"
    unit = g["unit"].lower()
    if (unit in ("second", "seconds") and n > 60) or (n >= 1000 and not unit.startswith("year")):
        return None
    m = g.match
    if unit == "second" and g["num"].lower() in ("a", "an") and \
            (w := re.match(r"\s+([A-Za-z]+)", m.string[m.end():m.end() + 20])) and \
            w.group(1).lower() not in lexicon()["second_followers"]:
        return None  # "a second group", "a second term": the ordinal, not a moment
    if g["num"].lower() in ("a", "an") and not ({"open", "approx"} & g.keys()) and rate_context(m):
        return None  # "700 seats a week": a rate, read by the rule "rate"
    return "DURATION", Spec("duration", value=period_value(n, g["unit"]))


def rate_context(m: re.Match) -> bool:
    """Whether "a week" follows a count it divides ("four flights a week", "$5 million a year",
    "hundreds of interviews a day"), not a word that makes it a stretch ("within a week")."""
    before = m.string[max(0, m.start("t") - 40):m.start("t")]
    words = re.findall(r"[\w$%.,/]+", before)[-4:]
    if not words or words[-1].lower() in lexicon()["rate_breakers"]:
        return False
    counts = lexicon()["rate_counts"]

    def count(w: str) -> bool:
        return bool(re.search(r"\d|%|\$", w)) or w.lower().strip(".,") in counts or w.lower() in lexicon()["numbers"]

    def counted(w: str) -> bool:  # a plural noun, roughly
        w = w.lower()
        return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in lexicon()["function_words"]

    if re.match(r"\s+(?i:of|older|younger|later|earlier|before|after|ago)\b", m.string[m.end():m.end() + 12]):
        return False  # "a day of mourning", "a year older"
    # the count itself, or what is counted ("four flights", "700 seats") right before
    return (count(words[-1]) or counted(words[-1])) and any(count(w) for w in words)


@reader("vague_duration")
def read_vague_duration(g: Groups) -> Reading:
    if g["vague"].lower() == "recent":
        return "DATE", Spec("ref", value="PAST_REF")
    return "DURATION", Spec("duration", value=period_value(None, g["unit"]))


@reader("bare_duration", "hyph_vague")
def read_bare_duration(g: Groups) -> Reading:
    return "DURATION", Spec("duration", value=period_value(None, g["unit"]))


@reader("set")
def read_set(g: Groups) -> Reading:
    return "SET", Spec("set", value=lexicon()["sets"][g.words("setw")])


@reader("setn")
def read_set_of_n(g: Groups) -> Reading:
    n = number(g["num"])
    if n is None or n != int(n) or n < 1 or g.unit_code in ("WE", "Q"):
        return None
    return "SET", Spec("set", value=period_value(n, g["unit"]))  # "every two years": P2Y


@reader("setwd")
def read_set_of_name(g: Groups) -> Reading:
    return "SET", Spec("set", value=f"XXXX-WXX-{g.weekday}" if "wd" in g else f"XXXX-{g.month:02d}")


@reader("rate")
def read_rate(g: Groups) -> Reading:
    return "SET", Spec("set", value=lexicon()["sets"]["per " + g["unit"].lower()])


@reader("coming_units")
def read_coming_units(g: Groups) -> Reading:
    return "DATE", Spec("ref", value="FUTURE_REF")  # "in coming months": TimeML's vague future


@reader("ref")
def read_ref(g: Groups) -> Reading:
    m = g.match
    if re.match(r"\s+(?:\d|(?i:few|several|many|couple)\b)|\s+{NUMW}\b".format(**fragments()), m.string[m.end():m.end() + 20]) and \
            g.words("t") in ("the past", "in the past", "the future"):
        return None  # "the past three summers": a stretch this rule cannot read, not the vague past
    return "DATE", Spec("ref", value=lexicon()["refs"][g.words("t")])


@lru_cache(maxsize=None)
def cue(key: str, ahead: bool = False) -> re.Pattern:
    """A lexicon word list as a regex: words right before a position, or right after it."""
    words = "|".join(re.escape(w) for w in lexicon()[key])
    return re.compile(rf"\s+(?:{words})\b" if ahead else rf"(?i:\b(?:{words})\s*-?\s*)$")


def month_context(m: re.Match) -> bool:
    """A lone month name is a date after a preposition, or before the noun it dates ("the May
    elections"), unless it is the modal "May" or a verb "March"."""
    word = m.group("mon").rstrip(".").lower()
    before = m.string[max(0, m.start("t") - 25):m.start("t")]
    after = m.string[m.end():m.end() + 12]
    if cue("month_determiners").search(before) and (w := re.match(r" ([a-z]+)", after)) and \
            w.group(1) not in lexicon()["function_words"]:
        return True  # said of a thing, after its determiner: "a June agreement", "the October slaying"
    if word in lexicon()["ambiguous_months"]:
        return bool(cue("ambiguous_month_cues").search(before)) and not cue("modal_followers", True).match(after)
    return bool(cue("month_cues").search(before)) or bool(re.match(r"\s*(?:,|\.|;|$)", after))


def year_context(m: re.Match) -> bool:
    """A bare four-digit number is a year unless a count noun follows ("1,500 troops") or a
    count word precedes it ("some 2000")."""
    after = re.match(r"\s+([A-Za-z]+)", m.string[m.end():m.end() + 30])
    if after and after.group(1).lower() in lexicon()["nonyear_followers"]:
        return False
    before = m.string[max(0, m.start() - 12):m.start()].lower()
    return not cue("count_cues").search(before) or bool(cue("year_cues").search(before))


@dataclass(frozen=True)
class Mention:
    """One temporal expression found in a text, with what it says."""

    text: str
    start: int
    end: int
    type: str
    spec: Spec
    rule: str


@lru_cache(maxsize=64)
def find(text: str) -> tuple[Mention, ...]:
    """Every temporal expression in `text`, non-overlapping, in order (longest wins).

    Letters that (?i) matches to ASCII ones but that lower-case to something else ("FRİDAY")
    are read as those ASCII letters, one for one, so offsets stay the text's."""
    found: list[tuple[int, int, int, str, str, Spec]] = []
    scan = text if text.isascii() else text.translate(FOLD)
    low = normalized(scan)
    words = set(re.findall(r"\w+", low))
    for prio, (name, rx, needed) in enumerate(compiled()):
        if not admits(needed, low, words):
            continue  # the text lacks what every match of the rule holds (see `gate`)
        for m in rx.finditer(scan):
            s, e = m.span("t")
            if e <= s:
                continue
            r = read(name, m)
            if r is None:
                continue
            found.append((s, e, prio, name, r[0], r[1]))
    found.sort(key=lambda x: (-(x[1] - x[0]), x[2], x[0]))
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []
    for s, e, _, name, typ, spec in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append(Mention(text[s:e], s, e, typ, spec, name))
    out.sort(key=lambda x: x.start)
    return tuple(merge(text, out))


def is_day(s: Spec) -> bool:
    return (s.kind == "cal" and bool(s.day) and not s.last_day) or (s.kind == "named" and bool(s.weekday)) or \
        (s.kind == "offset" and s.unit == "D")


def merge(text: str, ms: list[Mention]) -> list[Mention]:
    """Join a clock time or weekday with the date that follows it ("5 p.m. EST, Nov. 6"), and
    give a bare clock time the day named after an aside ("10:35 a.m. (0735 GMT) Friday")."""
    out: list[Mention] = []
    for i, m in enumerate(ms):
        aside = re.match(r"\s*\(([^()]{0,40})\)\s*,?\s*(?:on\s+)?", text[m.end:]) if m.type == "TIME" else None
        if aside and m.spec.kind == "offset" and m.spec.n == 0:
            stop = m.end + aside.end()
            day = next((x for x in ms[i + 1:i + 3] if x.start <= stop and is_day(x.spec) and
                        not (x.spec.kind == "offset" and x.spec.n == 0)), None)
            if day is not None:
                m = replace(m, spec=replace(day.spec, clock=m.spec.clock, part=m.spec.part))
        prev = out[-1] if out else None
        if prev and re.fullmatch(r"[\s,]*(?:on\s+)?", text[prev.end:m.start]) and m.type == "DATE" and \
                m.spec.kind == "cal" and m.spec.day and prev.spec.kind in ("named", "offset") and \
                (prev.spec.clock or prev.spec.part or prev.spec.weekday) and prev.spec.unit in ("D", None):
            spec = replace(m.spec, clock=prev.spec.clock, part=prev.spec.part)
            typ = "TIME" if (prev.spec.clock or prev.spec.part) else "DATE"
            out[-1] = Mention(text[prev.start:m.end], prev.start, m.end, typ, spec, "merged")
            continue
        out.append(m)
    return out


# --------------------------------------------------------------------------- public


def as_ref(reference: Any) -> Ref:
    """A reference given as a date, an ISO string, or an article date dict."""
    if reference is None:
        return (None, None)
    if isinstance(reference, date):
        return (reference, reference)
    if isinstance(reference, str):
        return as_ref({"value": reference})
    if isinstance(reference, tuple):
        return reference
    lo, hi = reference.get("earliest"), reference.get("latest")
    v = reference.get("value")
    if v and not (lo or hi):
        r = resolve(Spec("cal", **parse_value(v)), None)
        lo, hi = r.earliest, r.latest
    lo = date.fromisoformat(lo) if isinstance(lo, str) else lo
    hi = date.fromisoformat(hi) if isinstance(hi, str) else hi
    return (lo, hi)


def parse_value(v: str) -> dict[str, int]:
    """Calendar fields of a TIMEX3 date value (YYYY, YYYY-MM, YYYY-MM-DD)."""
    parts = v.split("T")[0].split("-")
    keys = ("year", "month", "day")
    return {k: int(p) for k, p in zip(keys, parts) if p.isdigit()}


def resolve_text(expression: str, reference: Any, direction: int | None = None) -> dict[str, Any] | None:
    """Resolve one expression ("the June 27 strikes", "last week") against a reference date.

    `reference` is a date, an ISO date string or an article date dict (whose
    earliest/latest make an uncertain reference). Returns the expression's text,
    type, TIMEX3 value, earliest/latest days and precision, or None if the text
    holds no temporal expression. The first expression found is resolved.
    """
    ms = find(expression)
    if not ms:
        return None
    m = ms[0]
    r = resolve(m.spec, as_ref(reference), direction)
    return {"text": m.text, "type": m.type, **r.as_dict()}


def direction(doc: Any, start: int, end: int) -> int | None:
    """-1 if the clause that holds an expression is in the past, 1 if in the future, else None.

    Tense decides which Friday or which June a bare name means; without a parse the
    resolver leans to the past, as news does.
    """
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if tok.tag_ in ("VBG", "VBN") and not any(c.dep_ in ("aux", "auxpass") for c in tok.children) and \
            tok.dep_ in ("advcl", "pcomp", "acl", "relcl", "conj") and tok.head.pos_ in ("VERB", "AUX", "ADP"):
        participle, tok = tok, tok.head if tok.head.pos_ != "ADP" else tok.head.head  # "after invading ... in 2022": as its clause
    else:
        participle = None
    future = set(lexicon()["future_verbs"])
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in aux}
    if "had" in words or any(c.lower_ == "had" for h in (tok.head, tok.head.head) for c in h.children if c.dep_ == "aux"):
        return -1  # the pluperfect, also of the verb a to-clause hangs on ("had been due to expire Friday")
    if ahead(doc[max(0, span.start - 6):span.start].text_with_ws, tok):
        return 1
    if words & {"will", "'ll", "shall", "wo"}:
        return 1
    if "would" in words and "have" not in words and participle is None:
        return 1  # the future of a reported past ("said he would fly Thursday"); "would have" is its past
    if "to" in words and (tok.head.lemma_.lower() in future or tok.head.lower_ in future or
                          (tok.head.lemma_ == "be" and tok.head.tag_ in ("VBZ", "VBP")) or
                          any(a.lower_ in ("will", "'ll") for a in tok.head.children if a.dep_ == "aux")):
        return 1
    if tok.tag_ == "VBD" or words & {"has", "have", "had", "was", "were", "did"} or (tok.tag_ == "VBN" and tok.dep_ == "acl"):
        return -1
    return None


def ahead(before: str, verb: Any) -> bool:
    """Whether the words before an expression point past the reference: a bound hoped for ("as
    soon as Tuesday", "as early as next week") or a deadline a verb of delay or grant sets ("postponed
    until Tuesday", "has until Friday to sign"), which lies ahead whatever the verb's tense."""
    before = before.lower()
    if cue("forward_cues").search(before):
        return True
    return bool(re.search(r"\b(?:until|till)\s+$", before)) and verb.lemma_.lower() in lexicon()["deadline_verbs"]


def annotate(text: str, reference: Any, doc: Any = None, mentions: Sequence[Mention] | None = None) -> list[dict[str, Any]]:
    """The contract's timex dicts for a text, resolved against its (possibly uncertain) date.

    "The next day" counts from the last day the text named, everything else from the
    reference; a parse (`doc`), when given, lends the tense of each expression.
    """
    ref = as_ref(reference)
    focus: Period | None = None  # the last period the text named: "a year earlier", "the following year"
    day: Period | None = None  # the last day it named: "the next day"
    out = []
    for m in find(text) if mentions is None else mentions:
        tense = direction(doc, m.start, m.end) if wants_tense(m.spec) or undated_day(m.spec) else None
        if tense == -1 and not wants_tense(m.spec):
            tense = None  # a dated day after a past verb may still be ahead ("payable Dec. 7"), one after a future verb is not behind
        r = resolve(m.spec, ref, tense, day if m.spec.kind == "narrative" and not m.spec.unit else focus)
        if m.type == "DATE" and r.earliest is not None and r.value and m.spec.kind != "ref" and not m.spec.comparative:
            named = Period(r.earliest, r.latest, r.value)
            day = named if r.earliest == r.latest else day
            if not (focus and focus.contains(named) and re.fullmatch(r"\d{4}-[QH]\d", focus.value)):
                focus = named  # a day within the quarter in focus ("the quarter ended Sept. 29") leaves it in focus
        out.append({"text": m.text, "start": m.start, "end": m.end, "type": m.type, "value": r.value})
    return out


def undated_day(s: Spec) -> bool:
    """A day of a month with no year ("Nov. 6"): the future tense moves it ahead, the past does not."""
    return s.kind == "cal" and s.year is None and is_day(s)


def wants_tense(s: Spec) -> bool:
    """Bare weekdays, months and seasons turn on tense ("met Friday" / "will meet Friday");
    for a dated day the nearest occurrence is the better guess ("payable Dec. 7" after a
    past-tense verb is still ahead)."""
    if s.kind == "named":
        return s.weekday is not None and s.n == 0 and s.unit is None
    return s.kind == "cal" and s.year is None and not s.day and bool(s.month or s.season)
