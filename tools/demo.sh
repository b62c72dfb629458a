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
$styrdok diff forbundsordning "gällande 2019" "remissversion 2024" --format docx -o "$out/forbundsordning-andringar.docx"
$styrdok diff forbundsordning "gällande 2019" "remissversion 2024" --format table -o "$out/forbundsordning-jamforelse.docx"
$styrdok diff forbundsordning "gällande 2019" "remissversion 2024" --format md -o "$out/forbundsordning-andringar.md"
$styrdok diff forbundsordning "gällande 2019" "remissversion 2024" --format json -o "$out/forbundsordning-andringar.json"

say "Strukturgranskning"
$styrdok check

# Everything that records state runs in a throw-away clone, so this repository stays as it is.
demo="$out/demo-arkiv"
rm -rf "$demo" "$out/remiss" "$out/arkiv"
git clone --quiet . "$demo"
git -C "$demo" config user.name "Kansliet (demo)"
git -C "$demo" config user.email "kansli@itsam.example"
cp templates/*.docx "$demo/templates/" 2>/dev/null || true
r="$styrdok --repo $demo remiss"
round=styrdokument-2024

say "Remisspaket till varje medlemskommun"
$r package $round -o "$out/remiss/paket"
ls "$out/remiss/paket/ydre"

say "Utskick som e-brev (.eml) den 23 februari 2024"
$r send $round --today 2024-02-23 -o "$out/remiss/utskick"

say "Ydre kommun får förlängd svarstid"
$r extend $round ydre --to 2024-05-23 --reason "Kommunstyrelsen sammanträder 21 maj"

say "Remissomgången 2024: läget den 25 april 2024"
$r status $round --today 2024-04-25 --ics "$out/svarsdagar.ics"

say "Svar kommer in"
.venv/bin/python tools/demo_answers.py answers "$out/remiss/paket" "$out/remiss/svar"
$r receive $round "$out/remiss/svar/vimmerby-yttrande.docx" --from vimmerby --received 2024-05-03
$r receive $round "$out/remiss/svar/boxholm-svarsmall.docx" --received 2024-05-06
$r receive $round "$out/remiss/svar/odeshog-forbundsordning-kommentarer.docx" --received 2024-05-08
$r receive $round "$out/remiss/svar/ydre-svarsmall.docx" --received 2024-05-27

say "Läget den 28 maj 2024"
$r status $round --today 2024-05-28
$r answers $round --today 2024-05-28

say "Förbundets ställningstaganden"
$r positions $round --today 2024-05-28
.venv/bin/python tools/demo_answers.py positions "$demo/remiss/$round/stallningstaganden.yaml"
git -C "$demo" commit --quiet -am "Remiss $round: ställningstaganden ifyllda"

say "Remissammanställning och sammanfattning för direktionen"
for fmt in html docx md; do
  $r summary $round --today 2024-05-28 --format $fmt -o "$out/remissammanstallning.$fmt"
  $styrdok --repo "$demo" board $round --today 2024-05-28 --format $fmt -o "$out/direktionen.$fmt"
done

say "Arkivpaket för e-arkivet: E-ARK SIP (FGS Paketstruktur 2.0) med ERMS och PDF/A"
$r archive $round -o "$out/arkiv" --zip

say "Klart. Resultat i $out/:"
ls -1 "$out"
