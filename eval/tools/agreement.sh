#!/usr/bin/env bash
# Inter-annotator agreement: scores the second, independent pass (eval/agreement/pass2_*.ann)
# against the first pass of the same 30 documents with the project's own harness.
#   bash eval/tools/agreement.sh          # against the first pass as it was (before adjudication)
#   bash eval/tools/agreement.sh current  # against the gold as it is now (after adjudication)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
python3 eval/tools/compile_gold.py eval/agreement/pass2_*.ann -o "$work/second_pass.jsonl"
if [ "${1:-}" = current ]; then
  python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
ids = {json.loads(l)["id"] for l in open(f"{work}/second_pass.jsonl", encoding="utf-8")}
with open(f"{work}/first_pass.jsonl", "w", encoding="utf-8") as out:
    for split in ("train", "dev", "test"):
        for line in open(f"eval/gold/{split}.jsonl", encoding="utf-8"):
            if json.loads(line)["id"] in ids:
                out.write(line)
PY
else
  cp eval/agreement/pass1_before_adjudication.jsonl "$work/first_pass.jsonl"
fi
cargo run --quiet --release -- eval --gold "$work/first_pass.jsonl" --predictions "$work/second_pass.jsonl" "${@:2}"
