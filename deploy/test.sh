#!/usr/bin/env bash
# deploy/test.sh: THE test command (README): `bash deploy/test.sh [extra swift test args]`.
# Without DATABASE_URL it starts a throwaway PostgreSQL 15 (deploy/pg.sh) and removes it on exit.
# With DATABASE_URL set it uses that database; its role must be SUPERUSER (the tests CREATE
# DATABASE from a template).
# SWIFT_TEST_FLAGS (default empty) is passed to `swift test`, word-split, before the extra args.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=deploy/pg.sh
source deploy/pg.sh
govmall_ensure_swift
govmall_pg_start test

SWIFT_TEST_FLAGS="${SWIFT_TEST_FLAGS:-}"
echo "test.sh: database $(govmall_db_label)"
echo "test.sh: swift test $SWIFT_TEST_FLAGS $*"

# One `swift test` run under a stall watchdog. Its output goes to a log that is shown as it grows; when the log
# has not grown for GOVMALL_TEST_STALL_SECONDS (default 600; a full run prints every few seconds), the run is
# stuck: the watchdog prints every thread's stack (gdb, when installed) and the test databases still present
# (each names a test that never finished), then kills it. Exit status 124 means "stalled".
run_tests() {
	local log pid tailer last=-1 size idle=0 stall=${GOVMALL_TEST_STALL_SECONDS:-600} rc=0
	log=$(mktemp "${TMPDIR:-/tmp}/govmall-test.XXXXXX")
	# shellcheck disable=SC2086 # SWIFT_TEST_FLAGS is deliberately word-split
	swift test $SWIFT_TEST_FLAGS "$@" >"$log" 2>&1 &
	pid=$!
	tail -n +1 -f --pid="$pid" "$log" &
	tailer=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		size=$(stat -c %s "$log")
		if [[ $size == "$last" ]]; then idle=$((idle + 5)); else idle=0 last=$size; fi
		if ((idle >= stall)); then
			echo "test.sh: no test output for ${stall}s: the run is stuck" >&2
			local xctest
			xctest=$(pgrep -f 'PackageTests.xctest' | head -1 || true)
			if [[ -n $xctest ]] && command -v gdb >/dev/null 2>&1; then
				echo "test.sh: threads of the test process $xctest:" >&2
				gdb -p "$xctest" -batch -ex "thread apply all bt 25" 2>&1 | grep -E '^(Thread|#)' | cut -c1-200 >&2 || true
			fi
			echo "test.sh: test databases still present (tests that never finished):" >&2
			"$GOVMALL_PG_BIN/psql" "$DATABASE_URL" -Atc \
				"SELECT datname FROM pg_database WHERE datname ~ '^[te]_' ORDER BY oid" >&2 || true
			[[ -n $xctest ]] && kill -9 "$xctest" 2>/dev/null
			kill "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			wait "$tailer" 2>/dev/null || true
			rm -f "$log"
			return 124
		fi
	done
	wait "$pid" || rc=$?
	wait "$tailer" 2>/dev/null || true
	rm -f "$log"
	return "$rc"
}

rc=0
run_tests "$@" || rc=$?
if ((rc == 124)) && [[ ${GOVMALL_TEST_RETRY_STALL:-1} == 1 ]]; then
	# A stall (not a failure) is retried once, loudly: an intermittent hang seen about once in six full runs on
	# a loaded 2-core machine (README, "Tests"). Failing tests are never retried.
	echo "test.sh: the run stalled; running the suite once more (GOVMALL_TEST_RETRY_STALL=0 to disable)" >&2
	rc=0
	run_tests "$@" || rc=$?
fi
echo "test.sh: swift test exited with $rc (database $(govmall_db_label))"
exit "$rc"
