#!/usr/bin/env bash
# deploy/ocds-validate.sh FILE... [--expect-invalid FILE]...
# deploy/ocds-validate.sh --samples [DIR]
#
# Validates OCDS 1.1 release packages with libcoveocds (pinned in deploy/ocds-requirements.txt),
# offline, against the schema and the four extensions committed in data/ocds/ (copies of
# ../shared/data/ocds, with data/ocds/manifest.json naming their versions). Prints every error and
# exits 1 when a FILE is invalid or an --expect-invalid file (a negative control) is valid, 0 when
# all is as expected, 2 on bad usage or a broken environment.
#
# --samples: the CI check of issue 6 point 6. Runs the MallCore test OCDSSampleFilesTests with
# OCDS_SAMPLE_DIR set to a fresh temporary folder, which writes packages built from the test
# snapshots (valid-*.json) and deliberately broken copies (broken-*.json, one fault each); then
# requires every valid-*.json to pass and every broken-*.json to fail. With DIR, validates the
# files already in DIR instead (no Swift). SWIFT_TEST_FLAGS is passed to `swift test` (e.g.
# --skip-build when the tests are built).
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
	say "usage: deploy/ocds-validate.sh FILE... [--expect-invalid FILE]... | --samples [DIR]"
	exit 2
fi

samples=
if [[ $1 == --samples ]]; then
	samples=${2:-}
	if [[ -z $samples ]]; then
		samples=$(mktemp -d /tmp/govmall-ocds-samples.XXXXXX)
		trap 'rm -rf "$samples"' EXIT
		say "writing sample packages to $samples (swift test --filter OCDSSampleFilesTests)"
		# shellcheck disable=SC2086 # SWIFT_TEST_FLAGS is a list of flags
		(cd "$repo" && OCDS_SAMPLE_DIR=$samples swift test ${SWIFT_TEST_FLAGS:-} --filter OCDSSampleFilesTests >&2) ||
			{ say "swift test failed"; exit 2; }
	fi
	shopt -s nullglob
	valid=("$samples"/valid-*.json)
	broken=("$samples"/broken-*.json)
	if ((${#valid[@]} == 0 || ${#broken[@]} == 0)); then
		say "no valid-*.json or broken-*.json in $samples"
		exit 2
	fi
	set -- "${valid[@]}"
	for file in "${broken[@]}"; do set -- "$@" --expect-invalid "$file"; done
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

# Not exec: the trap above removes the temporary sample folder.
"$venv/bin/python" "$repo/deploy/ocds_validate.py" --data-dir "$repo/data/ocds" "$@"
