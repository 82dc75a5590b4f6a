"""Configuration documents in YAML (policies, scorecards, programmes), validated by pydantic.

A document is refused whole, with the source, the path and the reason of every problem.
Dates stay text until the model reads them (so pydantic names a bad one), and numbers
written with a decimal point are read as exact decimals, never as binary floats.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigRejected(ValueError):
    """A document is not valid; ``problems`` lists every error as ``source: path: reason``."""

    def __init__(self, problems: list[str], what: str = "configuration") -> None:
        super().__init__(f"{what} refused:\n  " + "\n  ".join(problems))
        self.problems = problems


# PyYAML's parser in C (libyaml, in PyYAML's wheels) when this installation has it: the same
# documents as the pure-Python one (compared on every YAML file of the project), about nine
# times faster (policies and rate packs are read at every start). An error is the same
# YAMLError with the same line and column; only its wording may differ.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, with the faster parser when there is one."""
    return yaml.load(text, Loader=SafeLoader)


class _Loader(SafeLoader):  # type: ignore[valid-type,misc]
    """YAML without implicit timestamps, and with decimals for floats."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | float:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf, .nan: let the model refuse them by name
        return float(loader.construct_yaml_float(node))


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def where(loc: tuple[int | str, ...]) -> str:
    """A validation error's location as a dotted path (``levels.0.when``)."""
    return ".".join(str(part) for part in loc) or "(top)"


def parse_yaml_document(
    text: str, model: type[M], source: str = "<document>", what: str = "configuration"
) -> M:
    """One ``model`` from YAML ``text``; ``ConfigRejected`` names ``source``, path and reason."""
    try:
        raw: Any = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ConfigRejected([f"{source}: not YAML: {exc}"], what) from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{source}: {where(e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ConfigRejected(problems, what) from exc
