#!/usr/bin/env bash
# Scores every system on the dev, test and seed gold files and writes eval/reports/:
# one JSON and one Markdown report per file, and latest.md gathering the Markdown ones.
# Run from anywhere: bash eval/tools/report.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# The model scored in the model and hybrid columns (MODEL=dir to score another).
MODEL="${MODEL:-models/tagger}"
cargo build --release --quiet
mkdir -p eval/reports
{
  echo "# Latest scores"
  echo
  echo "Regenerate with \`bash eval/tools/report.sh\` (runs \`sahel-events eval --gold eval/gold/<split>.jsonl --model $MODEL --json … --markdown …\` per split; the model and hybrid columns need the base: \`sahel-events base fetch-e5\`)."
  echo
} > eval/reports/latest.md
for split in dev test seeds; do
  ./target/release/sahel-events eval --gold "eval/gold/$split.jsonl" --model "$MODEL" \
    --json "eval/reports/$split.json" --markdown "eval/reports/$split.md" > /dev/null
  sed 's/^# /## /; s/^## /### /' "eval/reports/$split.md" | sed 's/^### Evaluation/## Evaluation/' >> eval/reports/latest.md
  echo >> eval/reports/latest.md
done
echo "wrote eval/reports/latest.md"
