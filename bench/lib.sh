# shellcheck shell=bash
# bench/lib.sh: what the benchmark scripts share. Source it after deploy/pg.sh; the caller defines `fail MESSAGE`.
#
#   bench_proc_ticks PID…        utime + stime of those processes, in clock ticks (getconf CLK_TCK a second)
#   bench_pg_pids                the postmaster of $DATABASE_URL's cluster (when it runs on this machine) and its
#                                children, one pid a word; nothing for a remote cluster
#   bench_start_server BIN LOG SECONDS [VAR=value…]
#                                starts `BIN serve` on a free loopback port with LOG_LEVEL=warning and the given
#                                environment, writing LOG; stops it on exit (govmall_on_exit); waits up to SECONDS for
#                                /ready to answer 200. Sets `base` (http://127.0.0.1:PORT) and `server_pid`.
#   bench_stop_server            stops that server: SIGTERM, 30 s to drain, then SIGKILL
#   bench_server_binary          sets `bin`: $GOVMALL_BIN when given, else a release build of the server

bench_proc_ticks() {
	local total=0 p s
	local -a f
	for p in "$@"; do
		s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
		s=${s##*) }
		read -r -a f <<<"$s"
		total=$((total + f[11] + f[12]))
	done
	echo "$total"
}

bench_pg_pidfile=
bench_pg_pids() {
	if [[ -z $bench_pg_pidfile ]]; then
		bench_pg_pidfile="$("$GOVMALL_PG_BIN/psql" -X -Atc 'SHOW data_directory' "$DATABASE_URL" 2>/dev/null ||
			true)/postmaster.pid"
	fi
	[[ -r $bench_pg_pidfile ]] || return 0
	local pm
	pm=$(head -n 1 "$bench_pg_pidfile")
	[[ $(ps -o comm= -p "$pm" 2>/dev/null) == postgres ]] || return 0
	# shellcheck disable=SC2046 # one pid a word
	echo "$pm" $(ps -o pid= --ppid "$pm")
}

server_pid=
base=
bench_stop_server() {
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

bench_start_server() {
	local bin=$1 log=$2 seconds=$3 port deadline
	shift 3
	port=$(govmall_free_port)
	base="http://127.0.0.1:$port"
	env PORT="$port" HOST=127.0.0.1 LOG_LEVEL=warning "$@" "$bin" serve >"$log" 2>&1 &
	server_pid=$!
	govmall_on_exit bench_stop_server
	deadline=$((SECONDS + seconds))
	until curl -fsS -o /dev/null --max-time 2 "$base/ready" 2>/dev/null; do
		kill -0 "$server_pid" 2>/dev/null || {
			tail -n 50 "$log" >&2
			fail "the server exited before /ready answered 200 (log: $log)"
		}
		((SECONDS < deadline)) || fail "/ready did not answer 200 within $seconds s (log: $log)"
		sleep 0.5
	done
}

bench_server_binary() {
	if [[ -n ${GOVMALL_BIN:-} ]]; then
		bin=$GOVMALL_BIN
	else
		govmall_ensure_swift
		say "building (swift build -c release --product govmall)"
		swift build -c release --product govmall
		bin="$(swift build -c release --show-bin-path)/govmall"
	fi
	[[ -x $bin ]] || fail "no server binary at $bin"
}
