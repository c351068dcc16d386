#!/usr/bin/env bash
# Makes the machine ready: finds Python 3.10, creates .venv, installs the pinned requirements and the
# web page's npm packages. Each step is skipped when what it installs is already up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

is_python310() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }

find_python310() {
  local candidate
  for candidate in "${PYTHON310:-}" "$(command -v python3.10 || true)"; do
    if is_python310 "$candidate"; then echo "$candidate"; return 0; fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -V -r); do
      candidate="$(pyenv root)/versions/$version/bin/python3.10"
      if is_python310 "$candidate"; then echo "$candidate"; return 0; fi
    done
  fi
  for candidate in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
    if is_python310 "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

stamp_matches() { [ -f "$2" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$(cat "$2")" ]; }
write_stamp() { sha256sum "$1" | cut -d' ' -f1 > "$2"; }

if [ ! -x .venv/bin/python ] || ! is_python310 .venv/bin/python; then
  if ! python=$(find_python310); then
    echo "error: Python 3.10 is required (Rasa Open Source 3.6 does not run on newer Pythons)." >&2
    echo "Install it, e.g. 'pyenv install 3.10.13' or your system's python3.10 package (with venv)," >&2
    echo "or point PYTHON310 at a python3.10 executable, then run this again." >&2
    exit 1
  fi
  say "Creating the Python 3.10 virtual environment (.venv) with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi

if ! stamp_matches requirements.txt .venv/.requirements.sha256; then
  say "Installing pinned Python packages (first time: about 2-3 minutes)"
  .venv/bin/python -m pip install -qq --disable-pip-version-check --upgrade "pip<24.1"
  .venv/bin/python -m pip install -qq --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip check
  write_stamp requirements.txt .venv/.requirements.sha256
fi

if [ -f web/package-lock.json ] && ! stamp_matches web/package-lock.json web/node_modules/.lock.sha256; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: npm (Node.js 18 or newer) is needed for the web page's packages; install Node.js." >&2
    exit 1
  fi
  say "Installing the web page's npm packages"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  write_stamp web/package-lock.json web/node_modules/.lock.sha256
fi
