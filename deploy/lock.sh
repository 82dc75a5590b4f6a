#!/usr/bin/env bash
# Regenerates the hashed lock files the image installs from, with the pinned uv of `.[dev]`:
#   requirements.lock         the runtime dependencies of pyproject.toml (no extras)
#   deploy/build.lock         what builds Huikuan's own wheel ([build-system] requires)
#   deploy/mailbox.lock       the development mailbox (aiosmtpd, pinned in the dev extra)
# Run it after changing a pin in pyproject.toml; tests/deploy/test_lock.py fails until you do.
# Needs the package index (the only step here that does).
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.venv/bin/uv}
PY=${PY:-.venv/bin/python}
compile=("$UV" pip compile --quiet --generate-hashes --universal --python-version 3.11
         --custom-compile-command deploy/lock.sh)

"${compile[@]}" pyproject.toml -o requirements.lock
"$PY" -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' \
  | "${compile[@]}" - -o deploy/build.lock
"$PY" -c 'import tomllib; dev = tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["dev"]; print(*[d for d in dev if d.startswith("aiosmtpd==")], sep="\n")' \
  | "${compile[@]}" - -o deploy/mailbox.lock
