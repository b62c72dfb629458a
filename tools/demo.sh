#!/usr/bin/env bash
# The main job on the embedded Itsam example. Read-only commands run on this repository;
# commands that record state (sending, answers) run in a throw-away clone under out/.
set -euo pipefail
cd "$(dirname "$0")/.."
styrdok=".venv/bin/styrdok"
out="out"
mkdir -p "$out"

if [ -f .git/shallow ]; then
  echo "Arkivet är grunt klonat; hämta hela historiken med: git fetch --unshallow" >&2
  exit 1
fi

say() { printf '\n\033[1m== %s\033[0m\n\n' "$*"; }

say "Förbundsordningens versioner"
$styrdok log forbundsordning

say "Vad remissversionen 2024 ändrar i förbundsordningen"
$styrdok diff forbundsordning "gällande 2019" "remissversion 2024"

for doc in forbundsordning direktionens-reglemente itsam-avtal; do
  $styrdok diff "$doc" "gällande 2019" "remissversion 2024" --format html -o "$out/$doc-andringar.html"
done
$styrdok diff forbundsordning "gällande 2019" "remissversion 2024" --format md -o "$out/forbundsordning-andringar.md"
$styrdok diff forbundsordning "gällande 2019" "remissversion 2024" --format json -o "$out/forbundsordning-andringar.json"

say "Strukturgranskning"
$styrdok check

say "Remissomgången 2024: läget den 25 april 2024"
$styrdok remiss status styrdokument-2024 --today 2024-04-25 --ics "$out/svarsdagar.ics"

say "Klart. Resultat i $out/:"
ls -1 "$out"
