"""The wording linter against a corpus: catch rate and false-positive rate, by category and
evasion class, and its speed.

    .venv/bin/python bench/linter_corpus.py                        # the project's corpus
    .venv/bin/python bench/linter_corpus.py red_team.txt           # … and a corpus of yours
    .venv/bin/python bench/linter_corpus.py --lawful clean.txt     # … and lawful lines of yours
    .venv/bin/python bench/linter_corpus.py --misses red_team.txt  # list what was missed

A corpus file has one entry per line; ``#`` starts a comment; ``\\n`` in a line is a line
break. An entry is a bare text or ``label | text``: for abusive lines the label is
``category/evasion`` (``shaming/leetspeak``), for lawful ones a kind (``address``). In a file
given without ``--lawful``, entries labelled ``lawful`` (or ``lawful/…``) count as lawful and
every other entry as abusive. Each file is reported on its own, beside the project's corpus.
Targets on the project's corpus: ≥ 98 % caught, ≤ 2 % lawful refused.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.notifications.domain.wording import check
from tests.unit.notifications.wording.corpus import (
    ABUSIVE,
    CATCH_TARGET,
    FALSE_POSITIVE_LIMIT,
    LAWFUL,
    Entry,
    Measure,
    measure,
    read,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="corpus files (abusive lines)")
    parser.add_argument("--lawful", action="append", type=Path, default=[], help="lawful lines")
    parser.add_argument("--misses", action="store_true", help="list missed and refused lines")
    args = parser.parse_args()

    report("the project's corpus", read(ABUSIVE), read(LAWFUL), args.misses)
    for path in args.files:
        entries = read(path)
        lawful = [e for e in entries if e.category == "lawful"]
        report(str(path), [e for e in entries if e.category != "lawful"], lawful, args.misses)
    for path in args.lawful:
        report(str(path), [], read(path), args.misses)
    speed([e.text for e in read(ABUSIVE) + read(LAWFUL)])


def report(title: str, abusive: list[Entry], lawful: list[Entry], misses: bool) -> None:
    print(f"\n== {title}")
    if abusive:
        caught = measure(abusive, abusive=True)
        print(f"abusive caught: {line(caught)}   (target ≥ {CATCH_TARGET:.0%})")
        for group in ("category", "evasion"):
            print(f"  by {group}:")
            for name, tally in sorted(caught.groups[group].items()):
                print(f"    {name:<16} {tally.hits:>4}/{tally.total:<4} {tally.rate:7.1%}")
        if misses:
            for entry, _ in caught.misses:
                print(f"  MISSED  {entry.label} | {entry.text}")
    if lawful:
        refused = measure(lawful, abusive=False)
        print(f"lawful refused: {line(refused)}   (target ≤ {FALSE_POSITIVE_LIMIT:.0%})")
        for name, tally in sorted(refused.groups["category"].items()):
            print(f"    {name:<16} {tally.hits:>4}/{tally.total:<4} {tally.rate:7.1%}")
        if misses:
            for entry, found in refused.misses:
                print(f"  REFUSED {entry.label} | {entry.text}  <- {', '.join(map(str, found))}")


def line(result: Measure) -> str:
    return f"{result.overall.hits}/{result.overall.total} = {result.overall.rate:.1%}"


def speed(texts: list[str]) -> None:
    """Checks per second on the corpus lines, and on letter-sized texts built from them."""
    check("warm up: builds the tables")
    started = time.perf_counter()
    for text in texts:
        check(text)
    lines = time.perf_counter() - started
    letters = [" ".join(texts[i : i + 20]) for i in range(0, len(texts) - 20, 20)]
    started = time.perf_counter()
    for letter in letters:
        check(letter)
    long = time.perf_counter() - started
    chars = sum(map(len, letters)) / len(letters)
    print(f"\nspeed: {len(texts) / lines:,.0f} lines/s ({lines / len(texts) * 1e3:.2f} ms a line); "
          f"{len(letters) / long:,.0f} letters/s of ~{chars:,.0f} characters "
          f"({long / len(letters) * 1e3:.1f} ms a letter)")  # fmt: skip


if __name__ == "__main__":
    main()
