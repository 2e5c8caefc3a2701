#!/usr/bin/env python3
"""How much each label depends on context, in a gold file.

For every label, takes the surface forms the gold marks with it ("tués", "lundi", "deux")
and counts how often the same form, as a whole word, occurs in the texts and how often
those occurrences are marked. A tagger that sees only the words, never their sentence, can
at best mark each form where it is marked most of the time: its F1 is printed as the
"form-only tagger" bound. A low share marked (EVENT, DATE, FATALITIES) means the label is
decided by context: which verb is the event's trigger, which weekday dates an event and not
a statement, which number counts the dead.

    python3 eval/tools/label_ambiguity.py eval/gold/train.jsonl
"""
import collections
import json
import re
import sys

LABELS = ["ACTOR", "LOC", "FATALITIES", "DATE", "EVENT"]


def main(path):
    docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    print(f"{path}: {len(docs)} documents\n")
    print("| label | gold spans | occurrences of their forms | share marked | form-only tagger F1 | most often unmarked (marked/occurrences) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for label in LABELS:
        marked_at = collections.defaultdict(set)  # form -> {(doc, start, end)}
        spans = collections.defaultdict(list)  # doc -> [(start, end)]
        for i, d in enumerate(docs):
            for e in d.get("entities", []):
                if e["label"] == label:
                    marked_at[e["text"].lower()].add((i, e["start"], e["end"]))
                    spans[i].append((e["start"], e["end"]))

        def inside_longer(i, start, end):
            # « armée » inside a marked « armée malienne » belongs to that longer form.
            return any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans[i])

        gold = sum(len(v) for v in marked_at.values())
        if gold == 0:
            continue
        seen = {}  # form -> (occurrences, marked)
        for form, marked in marked_at.items():
            # Offsets are code points, as Python's str indices are.
            pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)", re.IGNORECASE)
            n = m = 0
            for i, d in enumerate(docs):
                for hit in pattern.finditer(d["text"]):
                    if inside_longer(i, hit.start(), hit.end()):
                        continue
                    n += 1
                    m += (i, hit.start(), hit.end()) in marked
            # A form that never matches as a whole word (a span cut inside a word) counts
            # its marks as found, so the bound stays an upper bound.
            seen[form] = (max(n, m), m)
        occurrences = sum(n for n, _ in seen.values())
        marked = sum(m for _, m in seen.values())
        tp = sum(m for n, m in seen.values() if 2 * m >= n)
        fp = sum(n - m for n, m in seen.values() if 2 * m >= n)
        p, r = tp / max(tp + fp, 1), tp / gold
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        worst = sorted(seen.items(), key=lambda kv: kv[1][1] - kv[1][0])[:6]
        examples = ", ".join(f"« {f} » {m}/{n}" for f, (n, m) in worst)
        print(f"| {label} | {gold} | {occurrences} | {marked / occurrences:.2f} | {f1:.3f} | {examples} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: label_ambiguity.py GOLD.jsonl")
    main(sys.argv[1])
