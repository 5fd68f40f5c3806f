#!/usr/bin/env bash
# deploy/run.sh: THE run command (README): `bash deploy/run.sh`.
# Builds the release server, starts (or reuses) the demo PostgreSQL cluster in
# /var/tmp/govmall-demo-pg unless DATABASE_URL is set, migrates, loads the demo data, then serves
# on http://localhost:${PORT:-8080} until Ctrl-C / SIGTERM (the cluster is stopped, its data kept).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=deploy/pg.sh
source deploy/pg.sh
govmall_ensure_swift
govmall_pg_start demo

echo "run.sh: building (swift build -c release --product govmall)"
swift build -c release --product govmall
bin="$(swift build -c release --show-bin-path)/govmall"

echo "run.sh: database $(govmall_db_label)"
"$bin" migrate
"$bin" seed

port="${PORT:-8080}"
cat <<INFO

GovMall demo: http://localhost:$port   (API under /api/v1, document at /openapi.json)
Demo logins (password GovMall-demo-2026):
  operator1   buyer1   approver1   supplier1   regulator1
Log in:
  curl -s -X POST http://localhost:$port/api/v1/sessions -H 'Content-Type: application/json' \\
       -d '{"username":"operator1","password":"GovMall-demo-2026"}'
Stop with Ctrl-C.

INFO

# Serve as a child (not exec) so the EXIT trap can stop PostgreSQL afterwards; forward signals.
"$bin" serve &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' INT TERM
rc=0
while true; do
	rc=0
	wait "$child" || rc=$?
	# wait returns early (status > 128) when a trapped signal arrives: keep waiting for the child.
	if ((rc > 128)) && kill -0 "$child" 2>/dev/null; then
		continue
	fi
	break
done
if ((rc > 128)); then
	# Interrupted, and the child ended meanwhile: its own status is still there to collect.
	status=0
	wait "$child" 2>/dev/null || status=$?
	((status == 127)) || rc=$status
fi
exit "$rc"
