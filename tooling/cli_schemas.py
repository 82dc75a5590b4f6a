"""``huikuan schemas ...``: write or check the published event schemas and AsyncAPI files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from services.invoicing.entrypoints.ingest import ingest_schemas
from shared.web.asyncapi import stale_asyncapi, write_asyncapi
from shared.web.schemas import stale_documents, stale_schemas, write_documents, write_schemas


def ingest_documents() -> dict[str, dict[str, object]]:
    """docs/schemas/ingest/<Command>.json: the JSON Schema of every ingest command."""
    return {f"{name}.json": schema for name, schema in ingest_schemas().items()}


schemas_app = typer.Typer(
    help="Event JSON Schemas (docs/schemas) and AsyncAPI documents (docs/asyncapi).",
    no_args_is_help=True,
)

DocsDir = Annotated[
    Path, typer.Option("--docs", help="The docs folder (schemas/ and asyncapi/ go inside).")
]


@schemas_app.command()
def write(docs: DocsDir = Path("docs")) -> None:
    """Regenerate docs/schemas/*.json, docs/schemas/ingest/*.json (the ingest commands) and
    docs/asyncapi/*.json from the contracts."""
    written = write_schemas(docs / "schemas") + write_asyncapi(docs / "asyncapi")
    written += write_documents(docs / "schemas" / "ingest", ingest_documents())
    typer.echo(f"wrote {len(written)} files under {docs}")


@schemas_app.command()
def check(docs: DocsDir = Path("docs")) -> None:
    """Exit 1, listing them, when published files differ from the contracts."""
    stale = stale_schemas(docs / "schemas") + stale_asyncapi(docs / "asyncapi")
    stale += stale_documents(docs / "schemas" / "ingest", ingest_documents())
    for path in stale:
        typer.echo(f"stale: {path}", err=True)
    if stale:
        typer.echo("run `huikuan schemas write` and commit the result", err=True)
        raise typer.Exit(code=1)
    typer.echo("schemas and AsyncAPI documents are up to date")
