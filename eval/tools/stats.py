#!/usr/bin/env python3
"""Prints a Markdown table of documents, events and entity labels per gold file."""
import json
import sys
from collections import Counter

LABELS = ["ACTOR", "LOC", "FATALITIES", "DATE", "EVENT"]
print("| file | documents | events | " + " | ".join(LABELS) + " |")
print("| --- |" + " ---: |" * (2 + len(LABELS)))
for path in sys.argv[1:]:
    docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    labels = Counter(e["label"] for d in docs for e in d.get("entities", []))
    events = sum(len(d.get("events", [])) for d in docs)
    print(f"| `{path}` | {len(docs)} | {events} | " + " | ".join(str(labels[l]) for l in LABELS) + " |")
