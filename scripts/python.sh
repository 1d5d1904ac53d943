#!/usr/bin/env bash
# Run Python inside the project's own virtual environment (.venv/ at the repo root), so that a
# fresh clone needs nothing prepared by hand:
#
#   bash scripts/python.sh -m training train
#   bash scripts/python.sh -m pytest training/tests -q
#
# The venv is rebuilt from scratch when it is missing or when training/requirements.txt has
# changed since it was built (a sha256 stamp inside .venv records which file it was built from);
# rebuilding rather than upgrading in place keeps packages dropped from the file from lingering.
set -euo pipefail

script_dir="${BASH_SOURCE[0]%/*}"
[[ "$script_dir" == "${BASH_SOURCE[0]}" ]] && script_dir="."
root="$(cd "$script_dir/.." && pwd)"
venv="$root/.venv"
requirements="$root/training/requirements.txt"
stamp="$venv/.requirements.sha256"
min_python="3.11" # numpy 2.3 and the pinned wheels need it

die() {
  echo "scripts/python.sh: $*" >&2
  exit 1
}

command -v python3 >/dev/null 2>&1 ||
  die "python3 was not found on PATH. Install Python $min_python or newer and try again."

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  die "Python $min_python or newer is required; python3 is $(python3 -c 'import platform; print(platform.python_version())')."

[[ -f "$requirements" ]] || die "missing $requirements"

sha256_of() {
  # python3 rather than sha256sum/shasum: it is the one tool guaranteed to be here.
  python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
}

install_venv_package() {
  # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) as a separate package.
  [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1 || return 1
  local version
  version="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  echo "scripts/python.sh: installing python$version-venv with apt-get" >&2
  apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python$version-venv" >&2 ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >&2
}

create_venv() {
  local log
  log="$(mktemp)"
  if python3 -m venv "$venv" 2>"$log"; then
    rm -f "$log"
    return 0
  fi
  rm -rf -- "$venv"
  if install_venv_package && python3 -m venv "$venv" 2>"$log"; then
    rm -f "$log"
    return 0
  fi
  cat "$log" >&2
  rm -f "$log"
  rm -rf -- "$venv"
  die "python3 cannot create a virtual environment (its 'venv' module or ensurepip is missing). Install it (Debian/Ubuntu: apt-get install python3-venv) and try again."
}

wanted="$(sha256_of "$requirements")"
if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
  echo "scripts/python.sh: building $venv from training/requirements.txt (first run takes a minute)" >&2
  rm -rf -- "$venv"
  create_venv
  # Keep the venv out of git without touching the repository's .gitignore (what Python 3.13 does).
  echo '*' >"$venv/.gitignore"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    -r "$requirements" >&2
  # Written last: an interrupted install leaves no stamp, so the next run starts over.
  echo "$wanted" >"$stamp"
fi

# The repo root and python/ on the path make `-m training` and `import formcast` (the package
# in python/formcast/) work from any working directory, without installing anything.
export PYTHONPATH="$root:$root/python${PYTHONPATH:+:$PYTHONPATH}"
exec "$venv/bin/python" "$@"
