#!/usr/bin/env bash
# A real single-node Cassandra (5.0, cassandra-all from Maven Central) on free loopback ports, without Docker.
#
#   cassandra.sh start DIR     starts it (or finds it running from DIR), waits until its native port takes CQL
#                              connections, prints cassandra=127.0.0.1:PORT (exactly this one line)
#   cassandra.sh stop DIR      stops it (by the PID recorded in DIR) and waits until it is gone
#   cassandra.sh classpath     resolves the server's class path (downloads it into the local Maven repository on
#                              the first call; .ci/run calls this so that the tests never wait for it)
#
# DIR holds everything: the ports, the PID file, the yaml, the data, the log. A restart from the same DIR listens on
# the ports it had and keeps the data. The server runs in its own JVM (JDK 17, heap 1 GB: each table costs it memory,
# and 512 MB ran out under a few thousand tables), tuned for tests and a mail admin's trial: no JMX, no auto snapshots
# on DROP and TRUNCATE, system tables not forced to disk.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
READY_SECONDS="${CASSANDRA_READY_SECONDS:-120}"
HEAP="${CASSANDRA_HEAP:-1g}"

die() {
    echo "cassandra: $*" >&2
    exit 1
}

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

alive() {
    kill -0 "$1" 2>/dev/null
}

# The class path of cassandra-all and its dependencies, resolved once per machine and kept beside the local repository.
classpath() {
    local repository cache
    # Maven colours even -q output here: the escapes are stripped, or they would become part of the path.
    repository="$(mvn -q -B -Dstyle.color=never help:evaluate -Dexpression=settings.localRepository -DforceStdout \
        2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | tail -n 1)"
    [[ -n "$repository" ]] || repository="$HOME/.m2/repository"
    cache="$repository/.smtpy-cassandra-$(sha256sum "$HERE/pom.xml" | cut -c1-12).classpath"
    if [[ ! -s "$cache" ]] || ! all_present "$cache"; then
        mvn -q -B -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cache.tmp" >&2 \
            || die "could not resolve org.apache.cassandra:cassandra-all (Maven Central)"
        mv "$cache.tmp" "$cache"
    fi
    cat "$cache"
}

all_present() {
    local jar
    for jar in $(tr ':' ' ' <"$1"); do
        [[ -f "$jar" ]] || return 1
    done
}

port_of() {
    local file="$DIR/$1.port"
    if [[ ! -s "$file" ]]; then
        free_port >"$file"
    fi
    cat "$file"
}

# True once the native port answers a CQL OPTIONS frame with SUPPORTED (it accepts connections before it serves).
serves_cql() {
    /usr/bin/python3 - "$1" <<'PY' 2>/dev/null
import socket, struct, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
    s.sendall(struct.pack(">BBhBi", 0x04, 0, 1, 0x05, 0))
    header = s.recv(9)
    sys.exit(0 if len(header) == 9 and header[4] == 0x06 else 1)
except Exception:
    sys.exit(1)
PY
}

write_yaml() {
    local native="$1" storage="$2"
    mkdir -p "$DIR/data" "$DIR/commitlog" "$DIR/saved_caches" "$DIR/hints" "$DIR/cdc_raw"
    cat >"$DIR/cassandra.yaml" <<EOF
cluster_name: smtpy
num_tokens: 1
initial_token: 0
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:$storage"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: $storage
native_transport_port: $native
start_native_transport: true
data_file_directories:
  - $DIR/data
commitlog_directory: $DIR/commitlog
saved_caches_directory: $DIR/saved_caches
hints_directory: $DIR/hints
cdc_raw_directory: $DIR/cdc_raw
commitlog_sync: periodic
commitlog_sync_period: 10000ms
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
auto_snapshot: false
snapshot_before_compaction: false
concurrent_reads: 8
concurrent_writes: 8
concurrent_counter_writes: 8
disk_access_mode: mmap_index_only
memtable_allocation_type: heap_buffers
read_request_timeout: 10000ms
write_request_timeout: 10000ms
range_request_timeout: 20000ms
request_timeout: 20000ms
cas_contention_timeout: 5000ms
materialized_views_enabled: false
sasi_indexes_enabled: false
EOF
}

start() {
    mkdir -p "$DIR"
    local native storage pid_file="$DIR/cassandra.pid"
    native="$(port_of native)"
    storage="$(port_of storage)"
    if [[ -s "$pid_file" ]] && alive "$(cat "$pid_file")" && serves_cql "$native"; then
        echo "cassandra=127.0.0.1:$native"
        return 0
    fi
    local java="${JAVA_HOME:+$JAVA_HOME/bin/}java" cp jamm
    cp="$(classpath)"
    jamm="$(tr ':' '\n' <<<"$cp" | grep '/jamm-' | head -n 1)"
    [[ -n "$jamm" ]] || die "jamm is not on Cassandra's class path"
    write_yaml "$native" "$storage"
    # The --add-exports/--add-opens are those Cassandra's own jvm17-server.options gives JDK 17.
    nohup "$java" -Xms"$HEAP" -Xmx"$HEAP" -Xss512k -XX:+UseG1GC -XX:ActiveProcessorCount=2 \
        -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$DIR" \
        -javaagent:"$jamm" -Djdk.attach.allowAttachSelf=true \
        --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
        --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
        --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
        --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED \
        --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED \
        --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED \
        --add-exports java.sql/java.sql=ALL-UNNAMED \
        --add-exports java.base/java.lang.ref=ALL-UNNAMED \
        --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED \
        --add-opens java.base/java.lang.module=ALL-UNNAMED \
        --add-opens java.base/jdk.internal.loader=ALL-UNNAMED \
        --add-opens java.base/jdk.internal.ref=ALL-UNNAMED \
        --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED \
        --add-opens java.base/jdk.internal.math=ALL-UNNAMED \
        --add-opens java.base/jdk.internal.module=ALL-UNNAMED \
        --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED \
        --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
        --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
        --add-opens java.base/java.io=ALL-UNNAMED \
        --add-opens java.base/java.nio=ALL-UNNAMED \
        --add-opens java.base/java.util=ALL-UNNAMED \
        --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
        --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
        --add-opens java.base/java.lang=ALL-UNNAMED \
        --add-opens java.base/java.lang.reflect=ALL-UNNAMED \
        --add-opens java.base/java.math=ALL-UNNAMED \
        --add-opens java.base/java.net=ALL-UNNAMED \
        -Dcassandra.config="file://$DIR/cassandra.yaml" \
        -Dcassandra.storagedir="$DIR" \
        -Dcassandra.logdir="$DIR" \
        -Dcassandra-foreground=yes \
        -Dcassandra.skip_wait_for_gossip_to_settle=0 \
        -Dcassandra.ring_delay_ms=0 \
        -Dcassandra.superuser_setup_delay_ms=0 \
        -Dcassandra.unsafesystem=true \
        -Dcassandra.native.epoll.enabled=true \
        -Dlogback.configurationFile="file://$HERE/logback.xml" \
        -Dsmtpy.cassandra.log="$DIR/cassandra.log" \
        -cp "$cp" org.apache.cassandra.service.CassandraDaemon \
        >"$DIR/cassandra.out" 2>&1 &
    echo $! >"$pid_file"
    local deadline=$((SECONDS + READY_SECONDS))
    while ((SECONDS < deadline)); do
        if serves_cql "$native"; then
            echo "cassandra=127.0.0.1:$native"
            return 0
        fi
        alive "$(cat "$pid_file")" || break
        sleep 0.5
    done
    tail -n 30 "$DIR/cassandra.out" >&2 2>/dev/null || true
    tail -n 30 "$DIR/cassandra.log" >&2 2>/dev/null || true
    stop
    die "Cassandra did not serve CQL on 127.0.0.1:$native within ${READY_SECONDS}s"
}

stop() {
    local pid_file="$DIR/cassandra.pid" pid
    [[ -s "$pid_file" ]] || return 0
    pid="$(cat "$pid_file")"
    if alive "$pid"; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            alive "$pid" || break
            sleep 0.2
        done
        alive "$pid" && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
}

command="${1:-}"
case "$command" in
    start | stop)
        [[ $# -eq 2 ]] || die "usage: cassandra.sh $command DIR"
        DIR="$(mkdir -p "$2" && cd "$2" && pwd)"
        "$command"
        ;;
    classpath) classpath >/dev/null ;;
    *) die "usage: cassandra.sh start DIR | stop DIR | classpath" ;;
esac
