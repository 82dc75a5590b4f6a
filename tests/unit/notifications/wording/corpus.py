"""The wording corpus: reading it, and measuring the linter against it.

An entry is one line: ``label | text`` or a bare text (``#`` starts a comment; ``\\n`` in a
text is a line break). An abusive entry's label is ``category/evasion``, a lawful entry's a
kind. Shared by the corpus test and ``bench/linter_corpus.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from services.notifications.domain.wording import Finding, check

HERE = Path(__file__).parent
ABUSIVE = HERE / "abusive.txt"
LAWFUL = HERE / "lawful.txt"
CATCH_TARGET = 0.98
FALSE_POSITIVE_LIMIT = 0.02


@dataclass(frozen=True)
class Entry:
    text: str
    label: str  # "category/evasion" (abusive), a kind (lawful) or "unlabelled"
    source: str

    @property
    def category(self) -> str:
        return self.label.split("/")[0]

    @property
    def evasion(self) -> str:
        return self.label.split("/")[1] if "/" in self.label else "unlabelled"


def read(path: Path) -> list[Entry]:
    entries = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        label, sep, text = line.partition(" | ")
        if not sep:
            label, text = "unlabelled", line
        entries.append(Entry(text.strip().replace("\\n", "\n"), label.strip(), path.name))
    return entries


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass
class Measure:
    """How many entries the linter refused, overall and by group."""

    overall: Tally = field(default_factory=Tally)
    groups: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(dict))
    misses: list[tuple[Entry, list[Finding]]] = field(default_factory=list)

    def add(self, entry: Entry, findings: list[Finding], *, refused_is_hit: bool) -> None:
        refused = bool(findings)
        for name, key in (("category", entry.category), ("evasion", entry.evasion)):
            tally = self.groups[name].setdefault(key, Tally())
            tally.total += 1
            tally.hits += refused
        self.overall.total += 1
        self.overall.hits += refused
        if refused != refused_is_hit:
            self.misses.append((entry, findings))


def measure(entries: Iterable[Entry], *, abusive: bool) -> Measure:
    """Abusive entries: a hit is a refusal (caught); lawful ones: a hit is a false positive."""
    result = Measure()
    for entry in entries:
        result.add(entry, check(entry.text), refused_is_hit=abusive)
    return result
