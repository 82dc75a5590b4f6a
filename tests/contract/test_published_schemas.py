"""The JSON Schemas and AsyncAPI documents committed under docs/ are the ones the
contracts generate today; the CLI regenerates them and refuses stale ones."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from shared.contracts import EVENT_TYPES
from shared.web.asyncapi import FLOWS, stale_asyncapi
from shared.web.schemas import current_version, event_json_schema, stale_schemas, write_schemas
from tooling.cli_schemas import schemas_app

DOCS = Path(__file__).resolve().parents[2] / "docs"
HOW_TO_FIX = "contracts changed: run `huikuan schemas write` (tooling.cli_schemas) and commit"


def test_committed_event_schemas_match_the_contracts() -> None:
    assert stale_schemas(DOCS / "schemas") == [], HOW_TO_FIX


def test_committed_asyncapi_documents_match_the_contracts() -> None:
    assert stale_asyncapi(DOCS / "asyncapi") == [], HOW_TO_FIX


def test_the_index_names_every_event_type_with_its_family_version_and_file() -> None:
    index = json.loads((DOCS / "schemas" / "index.json").read_text())
    assert set(index) == set(EVENT_TYPES)
    for name, entry in index.items():
        cls = EVENT_TYPES[name]
        assert entry == {
            "family": cls.family,
            "schema_version": current_version(cls),
            "file": f"{name}.json",
        }
        assert (DOCS / "schemas" / entry["file"]).is_file()


def test_an_event_schema_names_itself_and_its_version() -> None:
    schema = event_json_schema(EVENT_TYPES["SupplyHalted"])
    assert schema["$id"] == "urn:huikuan:event:SupplyHalted:v1"
    assert schema["title"] == "SupplyHalted"
    assert schema["properties"]["type"]["const"] == "SupplyHalted"
    assert schema["$defs"]["Money"]["properties"]["amount"]["type"] == "string"


def test_a_schema_file_edited_by_hand_is_reported_and_rewritten(tmp_path: Path) -> None:
    written = write_schemas(tmp_path)
    assert stale_schemas(tmp_path) == []
    assert {p.name for p in written} == {f"{t}.json" for t in EVENT_TYPES} | {"index.json"}
    (tmp_path / "SupplyHalted.json").write_text("{}\n")
    (tmp_path / "Retired.json").write_text("{}\n")
    (tmp_path / "PromiseMade.json").unlink()
    assert stale_schemas(tmp_path) == [
        str(tmp_path / "PromiseMade.json"),
        str(tmp_path / "SupplyHalted.json"),
        str(tmp_path / "Retired.json"),
    ]
    write_schemas(tmp_path)
    assert stale_schemas(tmp_path) == []
    assert not (tmp_path / "Retired.json").exists()


def test_schemas_check_fails_listing_stale_files_until_schemas_write_runs(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(schemas_app, ["check", "--docs", str(tmp_path)])
    assert missing.exit_code == 1
    assert f"stale: {tmp_path / 'schemas' / 'SupplyHalted.json'}" in missing.output
    assert f"stale: {tmp_path / 'asyncapi' / 'collections.json'}" in missing.output
    written = runner.invoke(schemas_app, ["write", "--docs", str(tmp_path)])
    assert written.exit_code == 0, written.output
    assert sorted(p.name for p in (tmp_path / "asyncapi").iterdir()) == sorted(
        f"{s}.json" for s in FLOWS
    )
    assert runner.invoke(schemas_app, ["check", "--docs", str(tmp_path)]).exit_code == 0


def test_generated_files_are_sorted_indented_and_end_with_a_newline(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    text = (tmp_path / "InvoiceIssued.json").read_text()
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
