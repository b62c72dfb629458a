"""What ``styrdok init`` writes: a settings file with every key, a registry with one of
each kind of remissinstans, an example document and a short how-to, all in Swedish and
all meant to be replaced. The examples' addresses are under the reserved domain
``.example``, so a message sent before they are replaced goes nowhere."""

from __future__ import annotations

import json
import re
import unicodedata

HOWTO_FILE = "LÄSMIG.md"
EXAMPLE_DOCUMENT = "docs/exempel.md"
IGNORE = "# Det styrdok skriver ut (paket, e-brev, sammanställningar) sparas inte i git.\nout/\n"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def domain(name: str) -> str:
    """Return an example mail domain made from the organisation's name:
    ``Sydöstra IT-förbundet`` → ``sydostra-it-forbundet.example``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    return "-".join(words or ["forbundet"]) + ".example"


def settings_text(name: str) -> str:
    """Return a new ``styrdok.yaml`` for an organisation called ``name``: every key
    styrdok reads, each with a comment and an example value."""
    host = domain(name)
    return f"""\
# Inställningar för styrdok. Byt ut exemplen mot förbundets egna uppgifter och behåll
# nycklarna. Adresser under .example är exempel som inte går att skicka till.
organisation:
  namn: {_quoted(name)}
  # Organisationsnummer och adress står i missivet och i arkivpaketet.
  organisationsnummer: 000000-0000
  adress: Box 1, 100 00 Exempelstad
  webbplats: https://{host}
  # Dit remissvaren ska skickas: registratorns funktionsbrevlåda.
  registrator: registrator@{host}
ändringar:
  # Står som författare till spårade ändringar i Word-filer.
  författare: {_quoted(name)}
remiss:
  # Organet som beslutar efter remissen (för en omgång: --decision-body).
  beslutande organ: Direktionen
  # En kortare svarstid ger en varning när omgången skapas.
  minsta svarstid i dagar: 42
  # styrdok remiss remind påminner så här många dagar före sista svarsdag (och efter den).
  påminnelse dagar före: 7
  # Den som svarar på frågor om remissen; står i missivet och i e-brevet.
  kontaktperson:
    namn: Förnamn Efternamn
    e-post: kontakt@{host}
    telefon: 000-00 00 00
antagande:
  # Förbundsordningen antas alltid av fullmäktige i varje medlemskommun. Skriv här andra
  # dokument (filnamnet utan .md) som medlemmarna också ska anta, till exempel
  # [samverkansavtal].
  medlemmarna antar: []
  organ: Kommunfullmäktige
e-post:
  # Hur remisspaketet bifogas: zip (en zip-fil) eller filer (varje Word-fil för sig).
  # Välj filer om mottagarnas e-postfilter tar bort zip-filer.
  bilagor: zip
  # styrdok varnar när ett brev blir större än så här (MB; 0 = ingen varning). Många
  # kommuners e-postsystem tar inte emot brev över 10–25 MB.
  största brev i MB: 10
smtp:
  # Behövs bara för --smtp; annars skriver styrdok .eml-filer att skicka från
  # e-postprogrammet. Inloggning anges bara i miljövariablerna STYRDOK_SMTP_USER och
  # STYRDOK_SMTP_PASSWORD, aldrig här.
  värd: ""
  port: 587
  starttls: true
  # Avsändaradress (tom: organisation.registrator).
  avsändare: ""
"""


def registry_text(name: str) -> str:
    """Return a new ``remiss/remissinstanser.yaml`` with three examples: a member, a
    member that has left and a remissinstans that is not a member."""
    return """\
# Remissinstanser: förbundets medlemmar och andra som får remisser. Byt ut exemplen mot
# era egna. Nycklarna:
#   id             kort namn med små bokstäver a–z, siffror och bindestreck; används i
#                  kommandon (styrdok remiss add ID lansstyrelsen) och som katalognamn
#   namn           det officiella namnet, så som det ska stå i missivet
#   e-post         registratorns funktionsbrevlåda, dit remissen skickas
#   kontaktperson  (valfri) namn, e-post och telefon till en kontaktperson
#   medlem från    (valfri) första dagen som medlem, ÅÅÅÅ-MM-DD
#   medlem till    (valfri) sista dagen som medlem: en remiss som skickas senare går inte
#                  dit, och den påminns inte efter det datumet
#   medlem         ja eller nej (utan nyckeln: ja). nej för en remissinstans som inte är
#                  medlem, till exempel en länsstyrelse: den får en remiss bara när den
#                  anges (styrdok remiss new --recipients, styrdok remiss add) och antar
#                  inga dokument
remissinstanser:
  - id: exempelby
    namn: Exempelby kommun
    e-post: registrator@exempelby.example
    kontaktperson:
      namn: Förnamn Efternamn
      e-post: kommunchef@exempelby.example
      telefon: 000-00 00 00
    medlem från: 2010-01-01
  - id: gamlestad
    namn: Gamlestads kommun
    e-post: registrator@gamlestad.example
    medlem från: 2010-01-01
    medlem till: 2023-12-31
  - id: lansstyrelsen
    namn: Länsstyrelsen i Exempel län
    e-post: registrator@lansstyrelsen.example
    medlem: nej
"""


def example_document(name: str) -> str:
    """Return the example document: a short reglemente in force, with front matter."""
    return f"""\
---
titel: Direktionens reglemente för {name}
typ: reglemente
antas av: Direktionen
diarienummer: Dnr 2020/1
status: gällande
version: gällande 2020
gäller från: 2020-01-01
beslut: Direktionen 2019-12-12
---
# Direktionens reglemente för {name}

Exempel från styrdok init. Ta bort filen och lägg in förbundets egna dokument.

## 1 § Uppgifter

Direktionen leder förbundets verksamhet och är dess styrelse.

## 2 § Sammanträden

Direktionen sammanträder minst fyra gånger om året. Ordföranden kallar till sammanträde.

## 3 § Kallelse

Kallelsen ska skickas ut senast sju dagar före sammanträdet.

## 4 § Extra sammanträde

Ordföranden kallar till extra sammanträde när minst en tredjedel av ledamöterna begär
det. Kallelse sker då enligt 3 §.
"""


def howto_text(name: str) -> str:
    """Return the short Swedish how-to at the repository's root."""
    return f"""\
# Styrdokument för {name}

Arkivet hålls med styrdok. Varje styrdokument är en Markdown-fil i `docs/`, och varje
gång en ändring sparas i git (en commit) blir det en ny version av dokumentet.
`styrdok --help` och `styrdok KOMMANDO --help` visar alla kommandon med exempel.

## Kom i gång

1. **Förbundet.** Fyll i `styrdok.yaml`: namn, organisationsnummer, adress,
   registratorns brevlåda och kontaktpersonen för remisser. Kommentarerna i filen
   säger vad varje nyckel gör.
2. **Remissinstanserna.** Skriv medlemmarna och de andra som får remisser i
   `remiss/remissinstanser.yaml` i stället för exemplen: en medlem, en som har lämnat
   förbundet (`medlem till`) och en länsstyrelse som inte är medlem (`medlem: nej`).
3. **Dokumenten som gäller i dag.** Ta bort exemplet och lägg in förbundets dokument
   så som de gäller nu, med `status: gällande`, ett versionsnamn och `gäller från`
   överst (se `docs/exempel.md`). Spara dem:

       git rm docs/exempel.md
       git add docs
       git commit -m "Förbundsordningen i gällande lydelse"

4. **Förslaget.** Skriv in ändringarna i samma fil, sätt `status: förslag` och ett nytt
   versionsnamn (`version: remissversion 2025`) och spara. Skriv vad som ändras i
   meddelandet – det blir listan över ändringar i direktionens sammanfattning:

       git commit -am "Remissversion 2025: nytt säte och ny kostnadsfördelning"

   `styrdok check` granskar numrering och hänvisningar, och
   `styrdok diff forbundsordning "gällande 2020" "remissversion 2025"` visar ändringarna.
5. **Remissen.** Skapa omgången, bygg paketen för att granska dem (i
   `out/remiss/remiss-2025/paket`) och skriv e-breven, med paketet bifogat, som
   `.eml`-filer att skicka från e-postprogrammet (med `--smtp` skickar styrdok dem själv):

       styrdok remiss new remiss-2025 --title "Revidering av förbundsordningen" \\
           --deadline 2025-05-09 --diarienummer "Dnr 2025/3"
       styrdok remiss package remiss-2025
       styrdok remiss send remiss-2025

   När breven är skickade: `styrdok remiss sent remiss-2025`.

   Utan `--recipients` går remissen till dem som är medlemmar på utskicksdagen.
   `remiss new` sparar också `styrdok.yaml` och `remiss/remissinstanser.yaml` om de har
   ändringar som inte är sparade.

## Rätta en omgång

Innan remissen har skickats går allt att rätta; varje rättelse blir en egen commit:

    styrdok remiss add remiss-2025 lansstyrelsen
    styrdok remiss remove remiss-2025 exempelby
    styrdok remiss edit remiss-2025 --title "Revidering av förbundsordningen 2025"
    styrdok remiss edit remiss-2025 --decision-date 2025-06-12
    styrdok remiss cancel remiss-2025

När remissen har skickats står rubrik, diarienummer och svarsdag kvar som de skickades;
en instans som behöver mer tid får förlängd svarstid med `styrdok remiss extend`.

## Sedan

`styrdok remiss status` visar läget, `styrdok remiss remind` påminner,
`styrdok remiss receive` tar emot svaren och `styrdok remiss summary` och
`styrdok board` sammanställer dem. Det styrdok skriver ut hamnar i `out/`, som inte
sparas i git.
"""
