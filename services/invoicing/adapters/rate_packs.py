"""The ledger's jurisdiction packs (late interest and compensation as data), read from YAML.

The shipped packs live beside the domain that validates them
(``services/invoicing/domain/ledger/rates/<pack>.yaml``); a composition root reads them
once at start-up. A file that does not validate stops the start with its path and reason.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from services.invoicing.domain.ledger.rates import JurisdictionPack
from shared.config_files import safe_yaml

SHIPPED = Path(__file__).resolve().parent.parent / "domain" / "ledger" / "rates"


class RatePacksRejected(ValueError):
    """One or more pack files are not valid; the message names each file and reason."""


def load_packs(folder: Path = SHIPPED) -> dict[str, JurisdictionPack]:
    packs: dict[str, JurisdictionPack] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            pack = JurisdictionPack.model_validate(safe_yaml(path.read_text("utf-8")))
        except (yaml.YAMLError, ValidationError) as exc:
            problems.append(f"{path}: {exc}")
            continue
        if pack.pack != path.stem:
            problems.append(f"{path}: declares pack {pack.pack!r}; name the file after it")
        packs[pack.pack] = pack
    if not packs and not problems:
        problems.append(f"{folder}: no *.yaml jurisdiction packs")
    if problems:
        raise RatePacksRejected("jurisdiction packs refused:\n  " + "\n  ".join(problems))
    return packs
