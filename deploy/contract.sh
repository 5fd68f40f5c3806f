#!/usr/bin/env bash
# deploy/contract.sh: the contract check. Builds the server (debug), starts a throwaway
# PostgreSQL (unless DATABASE_URL is set), migrates, seeds, serves on a free loopback port, logs in
# as operator1 and runs schemathesis 4.32.5 against the served /openapi.json. Exits non-zero on any
# failure.
#
# Knobs: CONTRACT_MAX_EXAMPLES (default 30), CONTRACT_EXTRA_FLAGS (extra `schemathesis run` flags,
# word-split), GOVMALL_CONTRACT_VENV (default /tmp/govmall-venv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD

# shellcheck source=deploy/pg.sh
source deploy/pg.sh
govmall_ensure_swift

SCHEMATHESIS_VERSION=4.32.5
venv="${GOVMALL_CONTRACT_VENV:-/tmp/govmall-venv}"
max_examples="${CONTRACT_MAX_EXAMPLES:-30}"
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance
login='{"username":"operator1","password":"GovMall-demo-2026"}'

say() { echo "contract.sh: $*" >&2; }

work=$(mktemp -d /tmp/govmall-contract.XXXXXX)
govmall_on_exit "rm -rf $(printf %q "$work")"
server_log="$work/server.log"
server_pid=

stop_server() {
	[[ -n $server_pid ]] || return 0
	if kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		local i
		for ((i = 0; i < 60; i++)); do
			kill -0 "$server_pid" 2>/dev/null || break
			sleep 0.5
		done
		kill -KILL "$server_pid" 2>/dev/null || true
	fi
	wait "$server_pid" 2>/dev/null || true
	server_pid=
}

show_log_on_failure() {
	if [[ $GOVMALL_EXIT_STATUS -ne 0 && -s $server_log ]]; then
		echo "---- last 100 lines of the server log ($server_log) ----" >&2
		tail -n 100 "$server_log" >&2 || true
		echo "---- end of server log ----" >&2
	fi
}

fail() {
	say "FAILED: $*"
	exit 1
}

# 1. schemathesis, pinned, in its own virtualenv (outside the checkout).
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "version $SCHEMATHESIS_VERSION\$"; then
	say "installing schemathesis==$SCHEMATHESIS_VERSION into $venv"
	python3 -m venv "$venv" || fail "python3 -m venv $venv failed (apt-get install python3-venv)"
	"$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" ||
		fail "pip install schemathesis==$SCHEMATHESIS_VERSION failed"
fi
"$venv/bin/schemathesis" --version

# 2. build (debug), database, migrate, seed.
say "building (swift build --product govmall)"
swift build --product govmall
bin="$(swift build --show-bin-path)/govmall"

govmall_pg_start test
say "database $(govmall_db_label)"
"$bin" migrate || fail "govmall migrate"
"$bin" seed || fail "govmall seed"

# 3. serve on a free loopback port.
port=$(govmall_free_port)
base="http://127.0.0.1:$port"
say "starting govmall serve on $base (log: $server_log)"
PORT=$port HOST=127.0.0.1 LOG_LEVEL=warning "$bin" serve >"$server_log" 2>&1 &
server_pid=$!
# Cleanups run last-registered first: log tail, then server stop, then PostgreSQL, then $work.
govmall_on_exit stop_server
govmall_on_exit show_log_on_failure

deadline=$((SECONDS + 60))
until curl -fsS -o /dev/null --max-time 2 "$base/ready" 2>/dev/null; do
	kill -0 "$server_pid" 2>/dev/null || fail "the server exited before /ready answered 200"
	((SECONDS < deadline)) || fail "/ready did not answer 200 within 60 s"
	sleep 0.5
done
say "/ready answers 200"

code=$(curl -sS -o /dev/null -w '%{http_code}' "$base/health") || fail "GET /health: no answer"
[[ $code == 200 ]] || fail "GET /health answered $code, want 200"
code=$(curl -sS -o "$work/openapi.json" -w '%{http_code}' "$base/openapi.json") || fail "GET /openapi.json: no answer"
[[ $code == 200 ]] || fail "GET /openapi.json answered $code, want 200"

# 4. log in as operator1.
code=$(curl -sS -o "$work/login.json" -w '%{http_code}' -X POST "$base/api/v1/sessions" \
	-H 'Content-Type: application/json' -H 'Accept: application/json' --data "$login") ||
	fail "POST /api/v1/sessions: no answer"
[[ $code == 201 ]] || fail "POST /api/v1/sessions answered $code, want 201: $(head -c 500 "$work/login.json")"
token=$("$venv/bin/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' \
	"$work/login.json") || fail "no token in the login answer: $(head -c 500 "$work/login.json")"
[[ -n $token ]] || fail "empty token in the login answer"
say "logged in as operator1"

# 5. schemathesis. --origin (not --url) keeps any base path of the document's `servers` entry.
# The logout operation is excluded so it cannot revoke the token mid-run (checked in step 6);
# the regex matches the operation whether the path is written /api/v1/... or relative to servers.
# Runs from $work so nothing (reports, example database) lands in the checkout.
st_global=()
if [[ -f $repo/schemathesis.toml ]]; then
	st_global+=(--config-file "$repo/schemathesis.toml")
fi
st_args=(
	run "$base/openapi.json"
	--origin "$base"
	--checks "$checks"
	--max-examples "$max_examples"
	--exclude-name-regex '^DELETE (/api/v1)?/sessions/current$'
	--request-timeout 30
	# Hypothesis' own data-generation check, not an API failure: the import operation's body (CSV text or
	# JSON lines under a content-type choice) sometimes filters out too many generated examples, and the run
	# then "fails" without sending a request (seen once in a rehearsal; the next runs passed).
	--suppress-health-check filter_too_much
)
# shellcheck disable=SC2206 # CONTRACT_EXTRA_FLAGS is deliberately word-split
st_args+=(${CONTRACT_EXTRA_FLAGS:-})
say "schemathesis ${st_global[*]} ${st_args[*]} -H 'Authorization: Bearer ***'"
(cd "$work" && "$venv/bin/schemathesis" "${st_global[@]}" "${st_args[@]}" \
	-H "Authorization: Bearer $token") || fail "schemathesis reported failures"

# 6. logout answers 204 (last, since it revokes the token).
code=$(curl -sS -o "$work/logout.out" -w '%{http_code}' -X DELETE "$base/api/v1/sessions/current" \
	-H "Authorization: Bearer $token") || fail "DELETE /api/v1/sessions/current: no answer"
[[ $code == 204 ]] || fail "DELETE /api/v1/sessions/current answered $code, want 204: $(head -c 500 "$work/logout.out")"
say "logout answers 204"

kill -0 "$server_pid" 2>/dev/null || fail "the server died during the run"

# 7. /metrics has per-route request counters and latency histograms.
curl -sS "$base/metrics" >"$work/metrics.txt" || fail "GET /metrics: no answer"
grep -q '^hb_requests_total{.*http_route="/api/v1/me"' "$work/metrics.txt" ||
	grep -q '^hb_requests{.*http_route="/api/v1/me"' "$work/metrics.txt" ||
	fail "/metrics has no request counter for /api/v1/me"
grep -q '^http_server_request_duration_bucket{' "$work/metrics.txt" ||
	fail "/metrics has no latency histogram"
say "metrics: $(grep -c '^http_server_request_duration_bucket{' "$work/metrics.txt") histogram buckets"

# 8. graceful shutdown: a login (a bcrypt check, some hundred milliseconds) sent just before SIGTERM
#    (as supplier5: schemathesis may have locked the accounts it guessed passwords for)
#    still gets its answer, and the server then exits 0.
curl -sS -o "$work/late.out" -w '%{http_code}' -X POST "$base/api/v1/sessions" \
	-H 'Content-Type: application/json' \
	-d '{"username":"supplier5","password":"GovMall-demo-2026"}' >"$work/late.code" 2>&1 &
late_pid=$!
sleep 0.05
kill -TERM "$server_pid"
wait "$late_pid" || fail "the request in flight at SIGTERM got no answer"
[[ $(cat "$work/late.code") == 201 ]] || fail "the request in flight at SIGTERM answered $(cat "$work/late.code")"
server_rc=0
wait "$server_pid" || server_rc=$?
server_pid=
((server_rc == 0)) || fail "the server exited $server_rc after SIGTERM"
say "graceful shutdown: the request in flight at SIGTERM answered 201; the server exited 0"

# 9. the audit chain (DOMAIN.md §X1): every audited change of this run (seed, schemathesis' writes) is linked
#    and verifies; a row rewritten behind the application's back is found and the command exits non-zero.
"$bin" verify-audit --link-pending >"$work/verify.txt" 2>&1 || {
	cat "$work/verify.txt" >&2
	fail "govmall verify-audit failed on an untouched database"
}
say "$(cat "$work/verify.txt")"
"$GOVMALL_PG_BIN/psql" -q -v ON_ERROR_STOP=1 "$DATABASE_URL" >/dev/null <<'SQL' || fail "could not tamper with audit_log"
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE audit_log SET action = action || '.forged' WHERE seq = (SELECT min(seq) FROM audit_log);
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
SQL
verify_rc=0
"$bin" verify-audit >"$work/verify-tampered.txt" 2>&1 || verify_rc=$?
((verify_rc != 0)) || fail "govmall verify-audit did not notice a rewritten audit row: $(cat "$work/verify-tampered.txt")"
grep -q "BROKEN at link 1 " "$work/verify-tampered.txt" ||
	fail "govmall verify-audit named the wrong link: $(cat "$work/verify-tampered.txt")"
say "tampered audit row found: $(cat "$work/verify-tampered.txt")"
say "OK: contract check passed"
