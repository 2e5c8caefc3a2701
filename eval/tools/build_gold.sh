#!/usr/bin/env bash
# Rebuilds the gold files in eval/gold/ from the annotation sources in eval/authoring/, then
# prints their label counts. Run from anywhere: bash eval/tools/build_gold.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
compile=eval/tools/compile_gold.py
mkdir -p eval/gold
python3 "$compile" eval/authoring/seeds.ann -o eval/gold/seeds.jsonl
for split in train dev test; do
  python3 "$compile" eval/authoring/batch_*.ann --split "$split" -o "eval/gold/$split.jsonl"
done
python3 eval/tools/stats.py eval/gold/train.jsonl eval/gold/dev.jsonl eval/gold/test.jsonl eval/gold/seeds.jsonl
