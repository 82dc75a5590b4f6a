"""YAML configuration documents: read with libyaml's parser where PyYAML has it, to the very
values the pure-Python parser gives (decimals for floats, dates left as text)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from shared import config_files
from shared.config_files import ConfigRejected, parse_yaml_document, safe_yaml

ROOT = Path(__file__).resolve().parents[2]
# The project's own folders (and its top level): not .venv, var/ or anything else a
# working tree may hold.
PROJECT_FOLDERS = ("services", "shared", "deploy", "docs", "tests", "tooling", "bench")
DOCUMENT = "rate: 1.10\nsince: 2026-11-29\nlimit: 5_000.50\nname: 上海\nlist: [1, 2.5]\n"


class Doc(BaseModel):
    rate: Decimal
    since: dt.date
    limit: Decimal
    name: str
    list: list[Decimal]


def test_the_c_parser_is_used_where_pyyaml_has_it() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("this PyYAML was built without libyaml")
    assert config_files.SafeLoader is yaml.CSafeLoader
    assert issubclass(config_files._Loader, yaml.CSafeLoader)
    assert safe_yaml("when: 2026-11-29\nrate: 1.5\n") == {
        "when": dt.date(2026, 11, 29),
        "rate": 1.5,
    }


def test_floats_are_exact_decimals_and_dates_stay_text_until_the_model_reads_them() -> None:
    raw = yaml.load(DOCUMENT, Loader=config_files._Loader)
    assert raw["rate"] == Decimal("1.10") and str(raw["rate"]) == "1.10"
    assert raw["since"] == "2026-11-29"
    assert raw["limit"] == Decimal("5000.50")
    doc = parse_yaml_document(DOCUMENT, Doc)
    assert doc.since == dt.date(2026, 11, 29)
    assert doc.list == [Decimal(1), Decimal("2.5")]


@pytest.mark.parametrize(
    "path",
    sorted(
        p
        for found in (ROOT.glob("*"), *((ROOT / folder).rglob("*") for folder in PROJECT_FOLDERS))
        for p in found
        if p.suffix in (".yaml", ".yml") and p.is_file()
    ),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_yaml_file_of_the_project_reads_the_same_with_either_parser(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    class PythonLoader(yaml.SafeLoader):
        yaml_implicit_resolvers = config_files._Loader.yaml_implicit_resolvers

    PythonLoader.add_constructor("tag:yaml.org,2002:float", config_files._decimal)
    assert list(yaml.load_all(text, Loader=config_files._Loader)) == list(
        yaml.load_all(text, Loader=PythonLoader)
    )
    assert list(yaml.load_all(text, Loader=config_files.SafeLoader)) == list(
        yaml.load_all(text, Loader=yaml.SafeLoader)
    )


def test_a_broken_document_is_refused_with_its_line() -> None:
    with pytest.raises(ConfigRejected, match=r"(?s)policy\.yaml: not YAML: .*line 2, column 2"):
        parse_yaml_document("a: [1, 2\nb: 3\n", Doc, source="policy.yaml")
