"""The image installs from hashed lock files; they must say what pyproject.toml says.

Offline and fast: the lock files are compared with pyproject.toml as text. When a test
here fails, run ``deploy/lock.sh`` (it needs the package index) and commit the result.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
RUNTIME_LOCK = ROOT / "requirements.lock"
BUILD_LOCK = ROOT / "deploy" / "build.lock"
MAILBOX_LOCK = ROOT / "deploy" / "mailbox.lock"
DIRECT = "huikuan (pyproject.toml)"


@dataclass
class Locked:
    name: str
    version: str
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)


def parse_lock(text: str) -> dict[str, Locked]:
    """``uv pip compile --generate-hashes`` output: pins, their hashes and ``# via`` notes."""
    entries: dict[str, Locked] = {}
    current: Locked | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if raw and not raw[0].isspace() and not raw.startswith("#"):
            name, _, rest = raw.partition("==")
            current = Locked(canonicalize_name(name), rest.split(";")[0].split()[0])
            entries[current.name] = current
        elif current is not None and line.startswith("--hash="):
            current.hashes.append(line.removeprefix("--hash=").rstrip(" \\"))
        elif current is not None and line.startswith("#"):
            note = line.lstrip("# ").removeprefix("via").strip()
            if note:
                current.via.append(note)
    return entries


def pinned(requirements: list[str]) -> dict[str, str]:
    """Name → version of ``name[extras]==version`` requirements; anything else is an error."""
    pins = {}
    for text in requirements:
        req = Requirement(text)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"not pinned with ==: {text}"
        pins[canonicalize_name(req.name)] = specs[0].version
    return pins


def stale_pins(pyproject_text: str, lock_text: str) -> list[str]:
    """What differs between pyproject's runtime pins and the lock's direct dependencies."""
    wanted = pinned(tomllib.loads(pyproject_text)["project"]["dependencies"])
    locked = {e.name: e.version for e in parse_lock(lock_text).values() if DIRECT in e.via}
    problems = [
        f"{name}: pyproject pins {version}, lock has {locked.get(name, 'nothing')}"
        for name, version in sorted(wanted.items())
        if locked.get(name) != version
    ]
    problems += [
        f"{name}: locked as a direct dependency, not in pyproject"
        for name in sorted(locked.keys() - wanted.keys())
    ]
    return problems


def test_the_runtime_lock_pins_every_dependency_at_the_version_pyproject_pins() -> None:
    problems = stale_pins(PYPROJECT.read_text(), RUNTIME_LOCK.read_text())
    assert not problems, "requirements.lock is stale; run deploy/lock.sh:\n" + "\n".join(problems)


def test_a_changed_pin_in_pyproject_is_reported_as_stale() -> None:
    text = PYPROJECT.read_text()
    bumped = re.sub(r'"redis==[^"]+"', '"redis==0.0.1"', text, count=1)
    assert bumped != text
    added = text.replace('"pyyaml==', '"rich-argparse==9.9.9",\n    "pyyaml==', 1)

    assert stale_pins(bumped, RUNTIME_LOCK.read_text()) == [
        "redis: pyproject pins 0.0.1, lock has 8.1.0"
    ]
    assert stale_pins(added, RUNTIME_LOCK.read_text()) == [
        "rich-argparse: pyproject pins 9.9.9, lock has nothing"
    ]


def test_every_locked_distribution_carries_a_sha256_hash() -> None:
    for lock in (RUNTIME_LOCK, BUILD_LOCK, MAILBOX_LOCK):
        entries = parse_lock(lock.read_text())
        assert entries, f"{lock.name} pins nothing"
        unhashed = [e.name for e in entries.values() if not e.hashes]
        assert not unhashed, f"{lock.name}: no hash for {unhashed}"
        assert all(h.startswith("sha256:") for e in entries.values() for h in e.hashes)


def test_the_dev_mailbox_and_dev_tools_stay_out_of_the_runtime_lock() -> None:
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    dev_only = set(pinned([r for r in project["optional-dependencies"]["dev"] if "==" in r]))
    runtime = set(pinned(project["dependencies"]))
    locked = set(parse_lock(RUNTIME_LOCK.read_text()))

    assert "aiosmtpd" in dev_only and "aiosmtpd" not in runtime
    assert not (dev_only - runtime) & locked, "a dev-only tool is in the runtime image's lock"


def test_the_mailbox_lock_pins_the_dev_extras_aiosmtpd() -> None:
    dev = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]["dev"]
    wanted = pinned([r for r in dev if r.startswith("aiosmtpd==")])["aiosmtpd"]
    assert parse_lock(MAILBOX_LOCK.read_text())["aiosmtpd"].version == wanted


def test_the_build_lock_satisfies_the_build_system_requirements() -> None:
    requires = tomllib.loads(PYPROJECT.read_text())["build-system"]["requires"]
    locked = parse_lock(BUILD_LOCK.read_text())
    for text in requires:
        req = Requirement(text)
        entry = locked.get(canonicalize_name(req.name))
        assert entry is not None, f"deploy/build.lock misses {req.name}; run deploy/lock.sh"
        assert req.specifier.contains(entry.version), f"{entry.name}=={entry.version} ∉ {req}"


def test_requires_python_admits_the_newer_pythons_users_run() -> None:
    """A fresh Debian 13 has Python 3.13: no upper cap the code does not truly need."""
    from packaging.specifiers import SpecifierSet

    spec = SpecifierSet(tomllib.loads(PYPROJECT.read_text())["project"]["requires-python"])
    assert all(version in spec for version in ("3.11", "3.12", "3.13", "3.14"))
