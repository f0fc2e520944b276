#!/usr/bin/env bash
# Real SpamAssassin (spamd) and ClamAV (clamd) for the tests, on free loopback ports, without internet or Docker.
#
#   scan-daemons.sh start DIR        starts both, waits until each answers PING, prints
#                                    spamd=127.0.0.1:PORT and clamd=127.0.0.1:PORT (exactly these two lines)
#   scan-daemons.sh stop DIR         stops both (by the PIDs recorded in DIR)
#   scan-daemons.sh start-spamd DIR  starts one again, on the port it had in DIR (or a free one the first time);
#   scan-daemons.sh start-clamd DIR  prints its one line
#   scan-daemons.sh stop-spamd DIR
#   scan-daemons.sh stop-clamd DIR
#
# DIR holds everything: ports, PID files, logs, clamd's config and database, spamd's home. Nothing outside it is
# written, and nothing is fetched: spamd uses the rules its package ships (no sa-update), local tests only (-L), no
# Bayes and no auto-learning; clamd's only database is smtpy-test.ndb beside this script (a body signature for the
# EICAR test string, reported as Smtpy-Test-Eicar.UNOFFICIAL), no freshclam.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
SPAMD="${SPAMD:-/usr/sbin/spamd}"
CLAMD="${CLAMD:-/usr/sbin/clamd}"
READY_SECONDS="${SCAN_DAEMONS_READY_SECONDS:-60}"

die() {
    echo "scan-daemons: $*" >&2
    exit 1
}

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The port a daemon had in DIR, or a new free one (remembered, so a restart listens where the tests expect it).
port_of() {
    local file="$DIR/$1.port"
    if [[ ! -s "$file" ]]; then
        free_port >"$file"
    fi
    cat "$file"
}

# Sends a request and prints the first line of the answer; empty when nothing answers.
ask() {
    local port="$1" request="$2"
    /usr/bin/python3 - "$port" "$request" <<'PY' 2>/dev/null || true
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
    s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    print(data.replace(b"\0", b"\n").decode("latin-1").splitlines()[0])
except Exception:
    pass
PY
}

# Waits until the daemon answers its PING with the expected word, or fails showing the end of its log.
wait_ready() {
    local name="$1" port="$2" request="$3" expected="$4" pid_file="$5"
    local deadline=$((SECONDS + READY_SECONDS))
    while ((SECONDS < deadline)); do
        if [[ "$(ask "$port" "$request")" == *"$expected"* ]]; then
            echo "$name=127.0.0.1:$port"
            return 0
        fi
        if [[ -s "$pid_file" ]] && ! alive "$(cat "$pid_file")"; then
            break
        fi
        sleep 0.2
    done
    tail -n 20 "$DIR/$name.log" >&2 2>/dev/null || true
    die "$name did not answer PING on 127.0.0.1:$port"
}

start_spamd() {
    [[ -x "$SPAMD" ]] || die "$SPAMD is missing (Debian packages spamassassin and spamd)"
    local port
    port="$(port_of spamd)"
    mkdir -p "$DIR/spamd-home"
    # spamd refuses to scan as root: its children run as nobody, whose home (for SpamAssassin's state) is ours.
    local user_args=()
    if [[ "$(id -u)" -eq 0 ]]; then
        chown nobody "$DIR/spamd-home"
        user_args=(--username=nobody)
    fi
    rm -f "$DIR/spamd.pid"
    "$SPAMD" --daemonize --pidfile="$DIR/spamd.pid" --syslog="$DIR/spamd.log" \
        --listen="127.0.0.1:$port" --allowed-ips=127.0.0.1 --ipv4-only \
        --local --nouser-config --helper-home-dir="$DIR/spamd-home" "${user_args[@]}" \
        --cf='use_bayes 0' --cf='bayes_auto_learn 0' \
        --max-children=2 --min-children=1 --min-spare=1 --max-spare=1 \
        </dev/null >>"$DIR/spamd.log" 2>&1 || die "spamd did not start: $(tail -n 5 "$DIR/spamd.log")"
    wait_ready spamd "$port" 'PING SPAMC/1.5\r\n\r\n' PONG "$DIR/spamd.pid"
}

start_clamd() {
    [[ -x "$CLAMD" ]] || die "$CLAMD is missing (Debian package clamav-daemon)"
    local port
    port="$(port_of clamd)"
    mkdir -p "$DIR/clamd-db"
    cp "$HERE/smtpy-test.ndb" "$DIR/clamd-db/"
    cat >"$DIR/clamd.conf" <<CONF
Foreground yes
LogFile $DIR/clamd.log
LogTime yes
PidFile $DIR/clamd.pid
TemporaryDirectory $DIR
DatabaseDirectory $DIR/clamd-db
TCPSocket $port
TCPAddr 127.0.0.1
StreamMaxLength 25M
MaxThreads 4
ScanMail yes
ScanArchive yes
ScanHTML yes
ScanPE yes
ScanOLE2 yes
ScanPDF yes
Bytecode no
SelfCheck 0
CONF
    if [[ "$(id -u)" -eq 0 ]]; then
        # Debian's clamd switches to the clamav user by default; ours stays the caller, who owns DIR.
        echo "User root" >>"$DIR/clamd.conf"
    fi
    rm -f "$DIR/clamd.pid"
    nohup "$CLAMD" --config-file="$DIR/clamd.conf" </dev/null >>"$DIR/clamd.out" 2>&1 &
    echo $! >"$DIR/clamd.pid"
    wait_ready clamd "$port" 'zPING\0' PONG "$DIR/clamd.pid"
}

# Whether a process runs (a zombie does not: it holds no port, and whoever reaps it here may take seconds to).
alive() {
    local state
    state="$(ps -o stat= -p "$1" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z* ]]
}

# Stops a daemon by its recorded PID and waits until it is gone, so that a restart can take its port again: SIGTERM
# (spamd stops its children itself), SIGKILL after 5 s, for spamd to its process group (it leads its own session after
# --daemonize, and its children hold the listening socket too).
stop_one() {
    local pid_file="$DIR/$1.pid"
    [[ -s "$pid_file" ]] || return 0
    local pid
    pid="$(cat "$pid_file")"
    if alive "$pid"; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            alive "$pid" || break
            sleep 0.05
        done
        if alive "$pid"; then
            if [[ "$(ps -o pgid= -p "$pid" | tr -d ' ')" == "$pid" ]]; then
                kill -KILL -- "-$pid" 2>/dev/null || true
            else
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
    fi
    rm -f "$pid_file"
}

command="${1:-}"
[[ -n "${2:-}" ]] || die "usage: $0 start|stop|start-spamd|stop-spamd|start-clamd|stop-clamd DIR"
mkdir -p "$2"
DIR="$(cd "$2" && pwd)"
case "$command" in
    start)
        start_spamd
        start_clamd
        ;;
    stop)
        stop_one spamd
        stop_one clamd
        ;;
    start-spamd) start_spamd ;;
    stop-spamd) stop_one spamd ;;
    start-clamd) start_clamd ;;
    stop-clamd) stop_one clamd ;;
    *) die "unknown command '$command'" ;;
esac
