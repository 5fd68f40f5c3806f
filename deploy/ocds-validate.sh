#!/usr/bin/env bash
# deploy/ocds-validate.sh FILE...: validates OCDS 1.1 release packages with libcoveocds (pinned in
# deploy/ocds-requirements.txt), offline, against the schema and the four extensions committed in
# data/ocds/ (see data/ocds/README.md). Prints every error and exits 1 when any file is invalid,
# 0 when all are valid, 2 on bad usage or a broken environment.
#
# The first run creates the virtualenv (pip needs PyPI once); later runs reuse it and need no
# network at all. Validation itself never touches the network: deploy/ocds_validate.py refuses
# every socket connection and serves the standard and the extensions from data/ocds/.
#
# Knobs: GOVMALL_OCDS_VENV (default .venv-ocds in the repository root), PYTHON (default python3).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="${GOVMALL_OCDS_VENV:-$repo/.venv-ocds}"
requirements="$repo/deploy/ocds-requirements.txt"

say() { echo "ocds-validate.sh: $*" >&2; }

if (($# == 0)); then
	say "usage: deploy/ocds-validate.sh FILE..."
	exit 2
fi

# The stamp records which requirements the venv was built from; a changed pin rebuilds it.
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [[ ! -x $venv/bin/python || $(cat "$venv/.requirements.sha256" 2>/dev/null || true) != "$want" ]]; then
	say "installing $(grep -m1 '^libcoveocds==' "$requirements") into $venv"
	rm -rf "$venv"
	"${PYTHON:-python3}" -m venv "$venv" || { say "python3 -m venv failed (apt-get install python3-venv)"; exit 2; }
	"$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" ||
		{ say "pip install -r $requirements failed"; exit 2; }
	echo "$want" >"$venv/.requirements.sha256"
fi

exec "$venv/bin/python" "$repo/deploy/ocds_validate.py" --data-dir "$repo/data/ocds" "$@"
