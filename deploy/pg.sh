# shellcheck shell=bash
# deploy/pg.sh: a bash library (source it) that starts a private PostgreSQL 15 for the test and
# run scripts (DESIGN.md §2).
#
#   source deploy/pg.sh
#   govmall_pg_start test   # throwaway cluster in /tmp/govmall-pg.XXXXXX, removed on exit
#   govmall_pg_start demo   # persistent cluster in /var/tmp/govmall-demo-pg, stopped on exit
#
# When DATABASE_URL is already set it does nothing. Otherwise it exports
#   DATABASE_URL=postgres://govmall:govmall@127.0.0.1:PORT/govmall?sslmode=disable
# (role govmall is SUPERUSER: the tests create databases from a template), and GOVMALL_PG_DIR,
# GOVMALL_PG_PORT. postgres logs to $GOVMALL_PG_DIR/postgres.log.
#
# Also provided:
#   govmall_ensure_swift       put /opt/swift/usr/bin first on PATH, check `swift` is there
#   govmall_free_port          print a free TCP port on 127.0.0.1
#   govmall_on_exit 'CMD'      run CMD on EXIT/INT/TERM (commands run last-registered first;
#                              $GOVMALL_EXIT_STATUS holds the script's exit status meanwhile)
#   govmall_redact_url URL     URL with its password replaced by ***
#   govmall_db_label           DATABASE_URL for messages: in full for our own cluster, else redacted
#
# Knobs: GOVMALL_PG_BIN (default /usr/lib/postgresql/15/bin), GOVMALL_DEMO_PG_DIR (default
# /var/tmp/govmall-demo-pg), GOVMALL_PG_KEEP=1 (test mode: keep the folder, for debugging),
# GOVMALL_PG_OS_USER (when root: the user that runs postgres, default postgres),
# GOVMALL_PG_SHARED_BUFFERS (default 256MB; the benchmarks use more, like a production server would).

GOVMALL_PG_BIN="${GOVMALL_PG_BIN:-/usr/lib/postgresql/15/bin}"
GOVMALL_DEMO_PG_DIR="${GOVMALL_DEMO_PG_DIR:-/var/tmp/govmall-demo-pg}"
GOVMALL_PG_PACKAGES=(postgresql-15 libpq-dev libssl-dev)

_GOVMALL_CLEANUP=()
_GOVMALL_TRAPS_SET=0
GOVMALL_EXIT_STATUS=0

_govmall_pg_say() { echo "[pg] $*" >&2; }

govmall_redact_url() {
	# shellcheck disable=SC2001
	sed -E 's#(://[^:/@]+:)[^@]*@#\1***@#' <<<"$1"
}

govmall_db_label() {
	if [[ ${_GOVMALL_PG_OURS:-0} == 1 ]]; then
		echo "$DATABASE_URL (private cluster in $GOVMALL_PG_DIR)"
	else
		govmall_redact_url "${DATABASE_URL:-}"
	fi
}

# ---- exit handling -----------------------------------------------------------------------------

govmall_on_exit() {
	_GOVMALL_CLEANUP+=("$1")
	if [[ $_GOVMALL_TRAPS_SET -eq 0 ]]; then
		_GOVMALL_TRAPS_SET=1
		trap '_govmall_run_cleanup' EXIT
		trap 'exit 130' INT
		trap 'exit 143' TERM
	fi
}

_govmall_run_cleanup() {
	GOVMALL_EXIT_STATUS=$?
	local i
	for ((i = ${#_GOVMALL_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${_GOVMALL_CLEANUP[i]}" || true
	done
	_GOVMALL_CLEANUP=()
	# bash keeps the script's exit status unless the trap calls exit itself; be explicit.
	exit "$GOVMALL_EXIT_STATUS"
}

# ---- helpers -----------------------------------------------------------------------------------

govmall_ensure_swift() {
	if [[ -d /opt/swift/usr/bin ]]; then
		case ":$PATH:" in
		*:/opt/swift/usr/bin:*) ;;
		*) PATH="/opt/swift/usr/bin:$PATH" ;;
		esac
		export PATH
	fi
	if ! command -v swift >/dev/null 2>&1; then
		echo "swift is not on PATH (the project builds with Swift 6.3.1; expected in /opt/swift/usr/bin)" >&2
		return 1
	fi
}

govmall_free_port() {
	if command -v python3 >/dev/null 2>&1 &&
		python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null; then
		return 0
	fi
	# Fallback without python3: random ports until nothing answers on one.
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "govmall_free_port: no free port found" >&2
	return 1
}

# The OS user that owns and runs the cluster: postgres refuses to run as root.
_govmall_pg_os_user() {
	if [[ $EUID -eq 0 ]]; then echo "${GOVMALL_PG_OS_USER:-postgres}"; else id -un; fi
}

# Run a command as that user, from / (the user may not be able to enter the checkout).
_govmall_pg_as() {
	if [[ $EUID -eq 0 ]]; then
		(cd / && runuser -u "$(_govmall_pg_os_user)" -- "$@")
	else
		(cd / && "$@")
	fi
}

_govmall_pg_ensure_installed() {
	if [[ -x $GOVMALL_PG_BIN/initdb && -x $GOVMALL_PG_BIN/pg_ctl ]]; then
		return 0
	fi
	if [[ $EUID -ne 0 ]]; then
		echo "PostgreSQL 15 is not installed ($GOVMALL_PG_BIN/initdb is missing). Install it with:" >&2
		echo "  sudo apt-get install -y ${GOVMALL_PG_PACKAGES[*]}" >&2
		echo "or set DATABASE_URL to an existing PostgreSQL 15 database whose role is SUPERUSER." >&2
		exit 1
	fi
	_govmall_pg_say "installing ${GOVMALL_PG_PACKAGES[*]} with apt-get"
	local log
	log=$(mktemp /tmp/govmall-apt.XXXXXX)
	if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"${GOVMALL_PG_PACKAGES[@]}"; } >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		echo "apt-get install ${GOVMALL_PG_PACKAGES[*]} failed" >&2
		exit 1
	fi
	rm -f "$log"
	if [[ ! -x $GOVMALL_PG_BIN/initdb ]]; then
		echo "$GOVMALL_PG_BIN/initdb still missing after installing postgresql-15" >&2
		exit 1
	fi
}

_govmall_pg_prepare_dir() { # dir
	local dir=$1
	chmod 700 "$dir"
	if [[ $EUID -eq 0 ]]; then
		local user
		user=$(_govmall_pg_os_user)
		if ! id "$user" >/dev/null 2>&1; then
			echo "user '$user' does not exist; postgres must run as an unprivileged user" \
				"(install postgresql-15, or set GOVMALL_PG_OS_USER)" >&2
			return 1
		fi
		chown -R "$user:" "$dir"
	fi
}

_govmall_pg_init() { # dir
	local dir=$1
	if ! _govmall_pg_as "$GOVMALL_PG_BIN/initdb" -D "$dir/data" -U postgres \
		--locale=C.UTF-8 -E UTF8 --auth=trust >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		echo "initdb failed in $dir/data" >&2
		return 1
	fi
	echo "include = 'govmall.conf'" | _govmall_pg_as tee -a "$dir/data/postgresql.conf" >/dev/null
	# Two roles that must give a password, first in the file (the first matching line wins): the tests log in as
	# them to check the password exchanges of the server's own PostgreSQL client (PipelinedConnection).
	{
		echo "host all govmall_scram_probe 127.0.0.1/32 scram-sha-256"
		echo "host all govmall_md5_probe 127.0.0.1/32 md5"
		cat "$dir/data/pg_hba.conf"
	} >"$dir/pg_hba.conf.new"
	_govmall_pg_as tee "$dir/data/pg_hba.conf" <"$dir/pg_hba.conf.new" >/dev/null
	rm -f "$dir/pg_hba.conf.new"
	# A self-signed certificate, so that test clusters also take TLS (ssl = on in test mode): the tests connect
	# through it as well as without. Skipped where openssl is missing; those tests then say so.
	if command -v openssl >/dev/null 2>&1; then
		if ! _govmall_pg_as openssl req -new -x509 -days 3650 -nodes -subj "/CN=localhost" \
			-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
			-keyout "$dir/data/server.key" -out "$dir/data/server.crt" >/dev/null 2>&1 ||
			! _govmall_pg_as chmod 600 "$dir/data/server.key"; then
			rm -f "$dir/data/server.key" "$dir/data/server.crt"
		fi
	fi
}

_govmall_pg_write_conf() { # dir port mode
	local dir=$1 port=$2 mode=$3
	{
		echo "# written by deploy/pg.sh at every start"
		echo "listen_addresses = '127.0.0.1'"
		echo "port = $port"
		echo "unix_socket_directories = '$dir'"
		if [[ $mode == test ]]; then
			echo "fsync = off"
			echo "synchronous_commit = off"
			echo "full_page_writes = off"
			echo "max_connections = 300"
			if [[ -f $dir/data/server.key && -f $dir/data/server.crt ]]; then
				echo "ssl = on"
			fi
			echo "shared_buffers = ${GOVMALL_PG_SHARED_BUFFERS:-256MB}"
		else
			echo "max_connections = 200"
			echo "shared_buffers = ${GOVMALL_PG_SHARED_BUFFERS:-256MB}"
		fi
	} | _govmall_pg_as tee "$dir/data/govmall.conf" >/dev/null
}

_govmall_pg_running() { # dir
	_govmall_pg_as "$GOVMALL_PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

_govmall_pg_wait_ready() { # port
	local i
	for ((i = 0; i < 60; i++)); do
		if "$GOVMALL_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -d postgres; then
			return 0
		fi
		sleep 0.5
	done
	return 1
}

# Start the cluster in $dir on a free port (first try $first_port if given); sets _GOVMALL_PG_PORT.
_govmall_pg_launch() { # dir mode [first_port]
	local dir=$1 mode=$2 port=${3:-} attempt
	for ((attempt = 1; attempt <= 5; attempt++)); do
		if [[ -z $port ]]; then
			port=$(govmall_free_port) || return 1
		fi
		_govmall_pg_write_conf "$dir" "$port" "$mode"
		if _govmall_pg_as "$GOVMALL_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" \
			-w -t 60 start >/dev/null 2>&1 && _govmall_pg_wait_ready "$port"; then
			_GOVMALL_PG_PORT=$port
			return 0
		fi
		if _govmall_pg_running "$dir"; then
			break # started but not answering: not a port clash
		fi
		if tail -n 20 "$dir/postgres.log" 2>/dev/null | grep -q 'could not bind\|Address already in use'; then
			_govmall_pg_say "port $port was taken, trying another"
			port=
			continue
		fi
		break
	done
	echo "PostgreSQL failed to start in $dir; its log ($dir/postgres.log):" >&2
	tail -n 50 "$dir/postgres.log" >&2 2>/dev/null || true
	return 1
}

_govmall_pg_create_role_db() { # port
	"$GOVMALL_PG_BIN/psql" -X -q -h 127.0.0.1 -p "$1" -U postgres -d postgres \
		-v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'govmall') THEN
    CREATE ROLE govmall SUPERUSER LOGIN PASSWORD 'govmall';
  END IF;
END
$$;
SELECT 'CREATE DATABASE govmall OWNER govmall'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'govmall')\gexec
SQL
}

_govmall_pg_export() { # dir port
	GOVMALL_PG_DIR=$1
	GOVMALL_PG_PORT=$2
	DATABASE_URL="postgres://govmall:govmall@127.0.0.1:$2/govmall?sslmode=disable"
	_GOVMALL_PG_OURS=1
	export GOVMALL_PG_DIR GOVMALL_PG_PORT DATABASE_URL
}

# ---- test mode: throwaway cluster --------------------------------------------------------------

_govmall_pg_stop_test() { # dir
	local dir=$1
	if [[ -f $dir/data/postmaster.pid ]]; then
		_govmall_pg_as "$GOVMALL_PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop \
			>/dev/null 2>&1 || true
	fi
	if [[ ${GOVMALL_PG_KEEP:-0} == 1 ]]; then
		_govmall_pg_say "kept $dir (GOVMALL_PG_KEEP=1)"
		return 0
	fi
	case $dir in
	/tmp/govmall-pg.?*) rm -rf -- "$dir" ;;
	esac
}

_govmall_pg_start_test() {
	local dir
	dir=$(mktemp -d /tmp/govmall-pg.XXXXXX) || return 1
	govmall_on_exit "_govmall_pg_stop_test $(printf %q "$dir")"
	_govmall_pg_prepare_dir "$dir" || return 1
	_govmall_pg_init "$dir" || return 1
	_govmall_pg_launch "$dir" test || return 1
	_govmall_pg_create_role_db "$_GOVMALL_PG_PORT" || return 1
	_govmall_pg_export "$dir" "$_GOVMALL_PG_PORT"
	_govmall_pg_say "test cluster $dir on 127.0.0.1:$_GOVMALL_PG_PORT (removed on exit)"
}

# ---- demo mode: persistent cluster -------------------------------------------------------------

_govmall_pg_stop_demo() { # dir
	local dir=$1 owner
	owner=$(cat "$dir/owner.pid" 2>/dev/null || true)
	[[ $owner == "$BASHPID" ]] || return 0
	_govmall_pg_say "stopping demo cluster $dir (data kept)"
	_govmall_pg_as "$GOVMALL_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop \
		>/dev/null 2>&1 || true
	rm -f "$dir/owner.pid"
}

_govmall_pg_start_demo() {
	local dir=$GOVMALL_DEMO_PG_DIR port owner
	mkdir -p "$dir" || return 1
	_govmall_pg_prepare_dir "$dir" || return 1
	if [[ ! -f $dir/data/PG_VERSION ]]; then
		rm -rf -- "${dir:?}/data"
		_govmall_pg_say "creating demo cluster in $dir"
		_govmall_pg_init "$dir" || return 1
	fi
	port=$(cat "$dir/port" 2>/dev/null || true)
	if _govmall_pg_running "$dir" && [[ -n $port ]] && _govmall_pg_wait_ready "$port"; then
		owner=$(cat "$dir/owner.pid" 2>/dev/null || true)
		if [[ -n $owner ]] && kill -0 "$owner" 2>/dev/null; then
			_govmall_pg_say "reusing demo cluster $dir on port $port (started by process $owner, which stops it)"
		else
			_govmall_pg_say "adopting running demo cluster $dir on port $port"
			echo "$BASHPID" >"$dir/owner.pid"
		fi
		_GOVMALL_PG_PORT=$port
	else
		if _govmall_pg_running "$dir"; then
			# Running but not where the port file says: stop it and start cleanly.
			_govmall_pg_as "$GOVMALL_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop \
				>/dev/null 2>&1 || true
		fi
		echo "$BASHPID" >"$dir/owner.pid"
		govmall_on_exit "_govmall_pg_stop_demo $(printf %q "$dir")"
		_govmall_pg_launch "$dir" demo "$port" || return 1
		echo "$_GOVMALL_PG_PORT" >"$dir/port"
		_govmall_pg_say "demo cluster $dir on 127.0.0.1:$_GOVMALL_PG_PORT (data kept between runs)"
	fi
	# An adopted cluster is stopped by us as well.
	if [[ $(cat "$dir/owner.pid" 2>/dev/null) == "$BASHPID" ]]; then
		local c registered=0
		for c in "${_GOVMALL_CLEANUP[@]}"; do
			[[ $c == "_govmall_pg_stop_demo "* ]] && registered=1
		done
		[[ $registered == 1 ]] || govmall_on_exit "_govmall_pg_stop_demo $(printf %q "$dir")"
	fi
	_govmall_pg_create_role_db "$_GOVMALL_PG_PORT" || return 1
	_govmall_pg_export "$dir" "$_GOVMALL_PG_PORT"
}

# ---- entry point -------------------------------------------------------------------------------

govmall_pg_start() { # test|demo
	local mode=${1:-}
	case $mode in
	test | demo) ;;
	*)
		echo "usage: govmall_pg_start test|demo" >&2
		return 2
		;;
	esac
	if [[ -n ${DATABASE_URL:-} ]]; then
		_govmall_pg_say "DATABASE_URL is set, using it: $(govmall_redact_url "$DATABASE_URL")"
		return 0
	fi
	_govmall_pg_ensure_installed
	if [[ $mode == test ]]; then
		_govmall_pg_start_test
	else
		_govmall_pg_start_demo
	fi
}
