#!/usr/bin/env python3
"""Compile hand-written annotation sources into gold JSON Lines (spec: shared/spec/ANNOTATION.md).

Authoring format (one or more documents per `.ann` file), readable and diffable:

    === id: gen-mali-001
    published: 2019-03-24          (YYYY-MM-DD, YYYY-MM or null)
    source: Dépêche
    split: train                   (train | dev | test)
    --- text
    Une [[EVENT:e1|embuscade]] tendue par des [[ACTOR:a1|jihadistes]] près de
    [[LOC:l1|Boulkessi]] a coûté la vie à [[FATALITIES:f1|douze]] [[ACTOR:a2|soldats maliens]].
    --- events
    {"event_date": "2019-03-23", "time_precision": 1, "event_type": "Battles", ...,
     "args": {"trigger": ["e1"], "actor1": ["a1"], "actor2": ["a2"], "location": ["l1"], "fatalities": ["f1"]}}

Mentions are `[[LABEL|surface]]` or `[[LABEL:key|surface]]`; events name mentions by key in
`args`. One event per line (JSON). The compiler strips the markup, computes code-point offsets,
numbers entities t1.. and events ev1.. in order, checks everything the spec checks, and writes
gold JSON Lines. `--check` validates without writing.

Usage: compile_gold.py SRC.ann [SRC.ann ...] [-o OUT.jsonl] [--split train|dev|test] [--check]
"""
import argparse
import json
import re
import sys
from pathlib import Path

LABELS = {"ACTOR", "LOC", "FATALITIES", "DATE", "EVENT"}
ROLES = {"trigger", "actor1", "actor2", "location", "date", "fatalities"}
TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Air/drone strike", "Suicide bomb", "Remote explosive/landmine/IED",
                                   "Shelling/artillery/missile attack", "Grenade", "Chemical weapon"},
    "Violence against civilians": {"Attack", "Abduction/forced disappearance", "Sexual violence"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
EVENT_KEYS = ["event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
              "assoc_actor_1", "assoc_actor_2", "country", "admin1", "admin2", "location",
              "latitude", "longitude", "geo_precision", "fatalities"]
MENTION = re.compile(r"\[\[([A-Z]+)(?::([A-Za-z0-9_]+))?\|(.*?)\]\]", re.S)
ACTOR_PATTERNS = [
    re.compile(r"^(Civilians|Unidentified Armed Group|Protesters|Rioters) \([A-Z][\w' .-]+\)$"),
    re.compile(r"^(Military|Police) Forces of [A-Z][\w' .-]+$"),
    re.compile(r"^[A-Z][\w-]+ (Ethnic|Communal) Militia \([A-Z][\w' .-]+\)$"),
]


def load_canonical_actors():
    here = Path(__file__).resolve()
    for cand in [here.parents[2] / "models" / "lexicons" / "actors.tsv",
                 here.parents[3] / "shared" / "spec" / "actors.tsv"]:
        if cand.exists():
            names = set()
            for line in cand.read_text(encoding="utf-8").splitlines()[1:]:
                if line.strip() and not line.startswith("#"):
                    names.add(line.split("\t")[0])
            patterns = [re.compile("^" + re.escape(n).replace(r"\{country\}", r"[A-Z][\w' .-]+") + "$")
                        for n in names if "{country}" in n]
            ACTOR_PATTERNS.extend(patterns)
            return {n for n in names if "{" not in n}
    sys.exit("actors.tsv not found (models/lexicons/ or ../shared/spec/)")


class Problem(Exception):
    pass


def parse_ann(path):
    """Yield (line_no, header dict, marked text, [(line_no, event json text)])."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    docs, cur, section = [], None, None
    for no, line in enumerate(lines, 1):
        if line.startswith("=== id:"):
            cur = {"line": no, "head": {"id": line[len("=== id:"):].strip()}, "text": [], "events": []}
            docs.append(cur)
            section = "head"
        elif cur is None:
            if line.strip() and not line.startswith("#"):
                raise Problem(f"{path}:{no}: text before the first '=== id:' line")
        elif line.strip() == "--- text":
            section = "text"
        elif line.strip() == "--- events":
            section = "events"
        elif section == "head":
            if line.strip():
                if ":" not in line:
                    raise Problem(f"{path}:{no}: header line needs 'key: value'")
                k, v = line.split(":", 1)
                cur["head"][k.strip()] = v.strip()
        elif section == "text":
            cur["text"].append(line)
        elif section == "events":
            if line.strip() and not line.strip().startswith("#"):
                cur["events"].append((no, line))
    return docs


def compile_doc(path, raw, canon):
    where = f"{path}:{raw['line']} ({raw['head']['id']})"
    marked = "\n".join(raw["text"]).rstrip("\n")
    text, entities, keys = [], [], {}
    pos, cp = 0, 0  # pos: index in marked; cp: code points emitted so far
    for m in MENTION.finditer(marked):
        before = marked[pos:m.start()]
        if "[[" in before or "]]" in before:
            raise Problem(f"{where}: malformed mention markup near {before[-40:]!r}")
        text.append(before)
        cp += len(before)
        label, key, surface = m.group(1), m.group(2), m.group(3)
        if label not in LABELS:
            raise Problem(f"{where}: unknown label {label!r}")
        if surface != surface.strip() or not surface:
            raise Problem(f"{where}: mention {surface!r} has leading/trailing space or is empty")
        tid = f"t{len(entities) + 1}"
        entities.append({"id": tid, "label": label, "start": cp, "end": cp + len(surface), "text": surface})
        if key:
            if key in keys:
                raise Problem(f"{where}: mention key {key!r} used twice")
            keys[key] = tid
        text.append(surface)
        cp += len(surface)
        pos = m.end()
    tail = marked[pos:]
    if "[[" in tail or "]]" in tail:
        raise Problem(f"{where}: malformed mention markup near {tail[:40]!r}")
    text.append(tail)
    text = "".join(text)
    for e in entities:
        assert text[e["start"]:e["end"]] == e["text"]

    head = raw["head"]
    published = head.get("published", "null")
    if published in ("", "null", "None"):
        published = None
    elif not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", published):
        raise Problem(f"{where}: published {published!r} is not YYYY-MM-DD or YYYY-MM")
    split = head.get("split", "test")
    if split not in ("train", "dev", "test"):
        raise Problem(f"{where}: split {split!r}")

    events = []
    for no, line in raw["events"]:
        ew = f"{path}:{no} ({head['id']})"
        try:
            ev = json.loads(line)
        except json.JSONDecodeError as err:
            raise Problem(f"{ew}: event is not valid JSON: {err}")
        unknown = set(ev) - set(EVENT_KEYS) - {"args", "notes", "id"}
        if unknown:
            raise Problem(f"{ew}: unknown event keys {sorted(unknown)}")
        t, st = ev.get("event_type"), ev.get("sub_event_type")
        if t not in TYPES or st not in TYPES[t]:
            raise Problem(f"{ew}: event type {t!r} / sub-type {st!r} is not ACLED's")
        for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
            a = ev.get(k)
            if a is None:
                continue
            for one in a.split("; "):
                if one not in canon and not any(p.match(one) for p in ACTOR_PATTERNS):
                    raise Problem(f"{ew}: {k} {one!r} is not a canonical actor")
        if ev.get("actor1") is None:
            raise Problem(f"{ew}: actor1 is required")
        d = ev.get("event_date")
        if d is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
            raise Problem(f"{ew}: event_date {d!r}")
        tp = ev.get("time_precision")
        if d is not None and tp not in (1, 2, 3):
            raise Problem(f"{ew}: time_precision must be 1, 2 or 3")
        if d is None and tp is not None:
            raise Problem(f"{ew}: time_precision without event_date")
        gp = ev.get("geo_precision")
        if ev.get("location") is not None and gp not in (1, 2, 3):
            raise Problem(f"{ew}: geo_precision must be 1, 2 or 3")
        f = ev.get("fatalities")
        if f is not None and (not isinstance(f, int) or f < 0):
            raise Problem(f"{ew}: fatalities must be a non-negative integer or null")
        if not ev.get("country"):
            raise Problem(f"{ew}: country is required")
        args = {}
        for role, ks in (ev.get("args") or {}).items():
            if role not in ROLES:
                raise Problem(f"{ew}: unknown role {role!r}")
            ids = []
            for k in ks:
                if k not in keys:
                    raise Problem(f"{ew}: args.{role} names unknown mention key {k!r}")
                ids.append(keys[k])
            args[role] = ids
        if "trigger" not in args:
            raise Problem(f"{ew}: args.trigger is required")
        out = {"id": f"ev{len(events) + 1}"}
        for k in EVENT_KEYS:
            out[k] = ev.get(k)
        out["args"] = args
        if "notes" in ev:
            out["notes"] = ev["notes"]
        events.append(out)
    return {"id": head["id"], "lang": "fr", "published": published, "source": head.get("source"),
            "url": None, "split": split, "text": text, "entities": entities, "events": events}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="+")
    ap.add_argument("-o", "--out")
    ap.add_argument("--split", choices=["train", "dev", "test"], help="keep only this split")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    canon = load_canonical_actors()
    docs, ids, failed = [], set(), 0
    for src in args.sources:
        try:
            for raw in parse_ann(src):
                doc = compile_doc(src, raw, canon)
                if doc["id"] in ids:
                    raise Problem(f"{src}:{raw['line']}: duplicate id {doc['id']}")
                ids.add(doc["id"])
                docs.append(doc)
        except Problem as p:
            print(f"error: {p}", file=sys.stderr)
            failed += 1
    if failed:
        sys.exit(1)
    if args.split:
        docs = [d for d in docs if d["split"] == args.split]
    if args.check or not args.out:
        from collections import Counter
        c = Counter(e["label"] for d in docs for e in d["entities"])
        print(f"ok: {len(docs)} documents, {sum(len(d['events']) for d in docs)} events, labels {dict(c)}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
