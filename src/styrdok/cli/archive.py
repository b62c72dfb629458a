"""``styrdok remiss archive``: a remiss round as an archive package (E-ARK SIP)."""

from __future__ import annotations

from pathlib import Path

import click

from styrdok.cli.output import repository


@click.command("archive", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="KATALOG",
    help="Katalog för arkivpaketet (standard: out/remiss/ID/arkiv).",
)
@click.option("--zip", "make_zip", is_flag=True, help="Skriv också paketet som en zip-fil.")
@click.pass_context
def remiss_archive(ctx: click.Context, round_id: str, output: Path | None, make_zip: bool) -> None:
    """Arkivera en remissomgång som ett informationspaket för e-arkivet: E-ARK SIP
    (FGS Paketstruktur 2.0) med ärendet i ERMS (FGS Ärendehantering 2.0) och
    PDF/A-versioner av alla Word-filer.

    Varje registrerat svar kontrolleras mot kontrollsumman från när det kom in; saknas
    ett svar eller har det ändrats skrivs inget paket.

    \b
    Exempel:
      styrdok remiss archive styrdokument-2024 -o arkiv
      styrdok remiss archive styrdokument-2024 -o arkiv --zip
    """
    from styrdok.archive.package import build_archive
    from styrdok.store.settings import load_settings

    repo = repository(ctx)
    out = output or repo.root / "out" / "remiss" / round_id / "arkiv"
    done = build_archive(repo, load_settings(repo.root), round_id, out, make_zip)
    click.echo(f"Skrev arkivpaketet {done.folder} ({done.files} filer, {done.renditions} PDF/A)")
    if done.zip is not None:
        click.echo(f"Skrev {done.zip}")
