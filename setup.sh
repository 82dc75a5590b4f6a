#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for Huikuan: redis-server (apt, if missing),
# a virtualenv in .venv with the pinned dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server (apt)…"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq redis-server >/dev/null
fi

# The console's browser tests drive Debian's Chromium; a CJK font lets it draw Chinese.
# (PDFs embed the font Huikuan ships; poppler-utils lets the tests check that they do.)
if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q . \
   || ! command -v pdftoppm >/dev/null 2>&1; then
  echo "installing chromium, a CJK font and poppler-utils (apt)…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium fonts-wqy-microhei \
    poppler-utils >/dev/null
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# promtool (Prometheus's rule checker, Debian's prometheus package) for the alert-rule tests:
# only the binary is taken from the package, so no Prometheus server is installed or started.
if ! command -v promtool >/dev/null 2>&1 && [ ! -x .venv/bin/promtool ]; then
  tmp=$(mktemp -d)
  if (cd "$tmp" && apt-get download prometheus >/dev/null 2>&1 \
      || { $SUDO apt-get update -qq >/dev/null 2>&1 && apt-get download prometheus >/dev/null 2>&1; }); then
    dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -x -C "$tmp" ./usr/bin/promtool
    mv "$tmp/usr/bin/promtool" .venv/bin/promtool
  else
    echo "note: promtool unavailable (apt); the alert-rule tests fall back to a structure check"
  fi
  rm -rf "$tmp"
fi

stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -e '.[dev]'
  rm -f .venv/.installed-* && touch "$stamp"
fi
