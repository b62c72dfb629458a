#!/usr/bin/env bash
# The main job on the embedded Itsam example. Read-only commands run on this repository;
# commands that record state (sending, answers) run in a throw-away clone under out/.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${VENV:-.venv}"  # VENV=… runs the demo with another virtual environment
styrdok="$venv/bin/styrdok"
python="$venv/bin/python"
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
$python tools/demo_answers.py answers "$out/remiss/paket" "$out/remiss/svar"
$r receive $round "$out/remiss/svar/vimmerby-yttrande.docx" --from vimmerby --received 2024-05-03
$r receive $round "$out/remiss/svar/boxholm-svarsmall.docx" --received 2024-05-06
$r receive $round "$out/remiss/svar/odeshog-forbundsordning-kommentarer.docx" --received 2024-05-08
$r receive $round "$out/remiss/svar/ydre-svarsmall.docx" --received 2024-05-27

say "Läget den 28 maj 2024"
$r status $round --today 2024-05-28
$r answers $round --today 2024-05-28

say "Förbundets ställningstaganden"
$r positions $round --today 2024-05-28
$python tools/demo_answers.py positions "$demo/remiss/$round/stallningstaganden.yaml"
git -C "$demo" commit --quiet -am "Remiss $round: ställningstaganden ifyllda"

say "Remissammanställning och sammanfattning för direktionen"
for fmt in html docx md; do
  $r summary $round --today 2024-05-28 --format $fmt -o "$out/remissammanstallning.$fmt"
  $styrdok --repo "$demo" board $round --today 2024-05-28 --format $fmt -o "$out/direktionen.$fmt"
done

say "Direktionens förslag juni 2024: texten efter remissen"
$python tools/demo_adoption.py final "$demo"
git -C "$demo" commit --quiet -am "Direktionens förslag juni 2024: förbundsordning, reglemente och Itsam-avtal efter remissen

- 7 §: ersättarna kallas till samtliga sammanträden (Ödeshögs synpunkt)
- 4 §: medlemmarnas kommunstyrelser yttrar sig innan direktionen beslutar om breddad verksamhet"
$styrdok --repo "$demo" diff forbundsordning "remissversion 2024" "direktionens förslag juni 2024"
$styrdok --repo "$demo" board $round --today 2024-06-05 --format md -o "$out/direktionen-forslag.md"
sed -n '/^## Förslaget efter remissen/,/^## Vad händer nu/p' "$out/direktionen-forslag.md" | sed '$d'

say "Direktionen beslutar den 13 juni 2024 (§ 45); utdraget är e-signerat"
a="$styrdok --repo $demo adoption"
x="$out/antagande/utdrag"
$python tools/demo_adoption.py extracts "$x"
$a decide $round --date 2024-06-13 --paragraph "§ 45" --extract "$x/direktionen-2024-06-13-§45.pdf" \
  --adopt-by 2024-11-30 --received 2024-06-17

say "Medlemmarnas fullmäktige antar"
$a adopt $round boxholm --date 2024-09-16 --paragraph "§ 87" --extract "$x/boxholm-kf-2024-09-16-§87.pdf"
$a adopt $round vimmerby --date 2024-09-30 --paragraph "§ 112" --extract "$x/vimmerby-kf-2024-09-30-§112.docx"
$a adopt $round odeshog --date 2024-10-14 --paragraph "§ 95" --extract "$x/odeshog-kf-2024-10-14-§95.pdf"
$a schedule $round atvidaberg --date 2024-11-25

say "Läget den 4 november 2024"
$a status $round --today 2024-11-04 --ics "$out/antaganden.ics"
$a remind $round --today 2024-11-04 -o "$out/antagande/paminnelser"

say "Ödeshög antar rätt version; Åtvidaberg antar; läget den 2 december 2024"
$a adopt $round odeshog --date 2024-11-18 --paragraph "§ 120" --extract "$x/odeshog-kf-2024-11-18-§120.pdf"
$a adopt $round atvidaberg --date 2024-11-25 --paragraph "§ 140" --extract "$x/atvidaberg-kf-2024-11-25-§140.pdf"
echo "(--check avslutar med status 1 när sista dag har passerat och någon saknas)"
$a status $round --today 2024-12-02 --check || true
$a remind $round --today 2024-12-02 -o "$out/antagande/paminnelser"

say "Ydre antar sist (efter sista dag): förbundsordningen och Itsam-avtalet träder i kraft"
$a adopt $round ydre --date 2024-12-16 --paragraph "§ 150" --extract "$x/ydre-kf-2024-12-16-§150.pdf"
$styrdok --repo "$demo" log forbundsordning
for day in 2024-12-31 2025-01-01; do
  echo
  echo "Förbundsordningen som gäller $day (styrdok show --at $day):"
  $styrdok --repo "$demo" show forbundsordning --at $day | grep -E "^(version|gäller från):|^Förbundet har sitt säte i"
done

say "Sammanfattning för direktionen efter antagandet"
for fmt in html docx md; do
  $styrdok --repo "$demo" board $round --today 2025-01-02 --format $fmt -o "$out/direktionen-antagande.$fmt"
done
sed -n '/^## Beslut och antagande/,/^## Vad händer nu/p' "$out/direktionen-antagande.md" | sed '$d'

say "Webbplatsen: dokumenten, remissen, sammanställningen och direktionens sammanfattning"
$styrdok --repo "$demo" site -o "$out/webbplats" --today 2025-01-02

say "Arkivpaket för e-arkivet: E-ARK SIP (FGS Paketstruktur 2.0) med ERMS och PDF/A"
$r archive $round -o "$out/arkiv" --zip

say "Klart. Resultat i $out/:"
ls -1 "$out"
