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

rc=0
# shellcheck disable=SC2086 # SWIFT_TEST_FLAGS is deliberately word-split
swift test $SWIFT_TEST_FLAGS "$@" || rc=$?
echo "test.sh: swift test exited with $rc (database $(govmall_db_label))"
exit "$rc"
