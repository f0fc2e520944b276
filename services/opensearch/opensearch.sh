#!/usr/bin/env bash
# A real single-node OpenSearch (2.19, from Maven Central artifacts only) on a free loopback HTTP port, without Docker.
#
#   opensearch.sh start DIR    starts it (or finds it running from DIR), waits until GET /_cluster/health answers
#                              green or yellow, prints opensearch=127.0.0.1:PORT (exactly this one line)
#   opensearch.sh stop DIR     stops it (by the PID recorded in DIR) and waits until it is gone
#   opensearch.sh prepare      resolves the distribution and its modules (downloads them into the local Maven
#                              repository on the first call, then lays out a server home beside it; .ci/run calls
#                              this so that the tests never wait for it)
#
# The server home is the integ-test distribution (server, libraries, transport-netty4) with the modules smtpy needs
# added under plugins/, each with the plugin-descriptor.properties the full distribution would give it:
# lang-painless, analysis-common (which extends it) and reindex (delete-by-query). DIR holds everything of one server:
# the ports, the PID file, a copy of the home, the config (single-node discovery, no security plugin, heap 512 MB,
# jvm.options with absolute paths), the data and the logs. A restart from the same DIR listens on the ports it had and
# keeps the data.
#
# OpenSearch refuses to run as root: as root, the server runs as the system user smtpy-search (created on the first
# start with useradd --system), which owns DIR; DIR's parents must be searchable by it.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
READY_SECONDS="${OPENSEARCH_READY_SECONDS:-120}"
HEAP="${OPENSEARCH_HEAP:-512m}"
SERVICE_USER="${OPENSEARCH_USER:-smtpy-search}"

die() {
    echo "opensearch: $*" >&2
    exit 1
}

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

alive() {
    kill -0 "$1" 2>/dev/null
}

version() {
    sed -n 's:.*<opensearch.version>\(.*\)</opensearch.version>.*:\1:p' "$HERE/pom.xml"
}

# Each added module: its jars (artifact ids, without versions), the class of its plugin, the plugins it extends.
PLUGINS=(lang-painless analysis-common reindex)
declare -A JARS=(
    [lang-painless]="lang-painless opensearch-scripting-painless-spi antlr4-runtime asm asm-util asm-tree asm-commons asm-analysis"
    [analysis-common]="analysis-common"
    [reindex]="reindex-client opensearch-rest-client httpclient httpcore httpasyncclient httpcore-nio commons-codec commons-logging opensearch-ssl-config"
)
declare -A CLASSNAMES=(
    [lang-painless]="org.opensearch.painless.PainlessPlugin"
    [analysis-common]="org.opensearch.analysis.common.CommonAnalysisPlugin"
    [reindex]="org.opensearch.index.reindex.ReindexPlugin"
)
declare -A EXTENDS=([lang-painless]="" [analysis-common]="lang-painless" [reindex]="")

# The server home, laid out once per machine beside the local repository (keyed by the pom, which names the version).
home_cache() {
    local repository
    # Maven colours even this output (-B or not): the escapes would become part of the path.
    repository="$(mvn -q -B help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null | tail -n 1 \
        | sed 's/\x1b\[[0-9;]*m//g')"
    [[ -n "$repository" ]] || repository="$HOME/.m2/repository"
    echo "$repository/.smtpy-opensearch-$(layout_key)"
}

# What the laid-out home depends on: the versions in the pom and the layout this script makes.
layout_key() {
    sha256sum "$HERE/pom.xml" "$HERE/opensearch.sh" | sha256sum | cut -c1-12
}

prepare() {
    local cache v stage
    cache="$(home_cache)"
    if [[ -f "$cache/.complete" ]]; then
        echo "$cache"
        return 0
    fi
    v="$(version)"
    stage="$cache.tmp"
    rm -rf "$stage"
    mkdir -p "$stage"
    mvn -q -B -f "$HERE/pom.xml" dependency:unpack -DmarkersDirectory="$stage/markers" \
        -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$v:zip" -DoutputDirectory="$stage/unpacked" >&2 \
        || die "could not resolve org.opensearch.distribution.integ-test-zip:opensearch:$v:zip (Maven Central)"
    mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies -DoutputDirectory="$stage/jars" >&2 \
        || die "could not resolve the OpenSearch $v modules (Maven Central)"
    mv "$stage/unpacked/opensearch-$v" "$stage/home"
    local plugin jar artifact dir
    for plugin in "${PLUGINS[@]}"; do
        dir="$stage/home/plugins/$plugin"
        mkdir -p "$dir"
        for artifact in ${JARS[$plugin]}; do
            jar="$(find "$stage/jars" -maxdepth 1 -regextype posix-extended -regex ".*/$artifact-[0-9][^/]*\.jar" | head -n 1)"
            [[ -n "$jar" ]] || die "$artifact is not among the resolved jars of OpenSearch $v"
            # A jar the server already has would be jar hell: the plugin sees the server's.
            [[ -e "$stage/home/lib/$(basename "$jar")" ]] || cp "$jar" "$dir/"
        done
        cat >"$dir/plugin-descriptor.properties" <<EOF
description=The $plugin module of the OpenSearch distribution
version=$v
name=$plugin
classname=${CLASSNAMES[$plugin]}
java.version=11
opensearch.version=$v
custom.foldername=
extended.plugins=${EXTENDS[$plugin]}
has.native.controller=false
EOF
    done
    # Painless compiles scripts into classes of its own loader, as the distribution's policy for it allows.
    cat >"$stage/home/plugins/lang-painless/plugin-security.policy" <<'EOF'
grant {
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
EOF
    chmod -R a+rX "$stage/home"
    rm -rf "$cache"
    mv "$stage/home" "$cache"
    rm -rf "$stage"
    touch "$cache/.complete"
    echo "$cache"
}

port_of() {
    local file="$DIR/$1.port"
    if [[ ! -s "$file" ]]; then
        free_port >"$file"
    fi
    cat "$file"
}

# True once the cluster health is green or yellow (yellow: a replica of one node's index has nowhere to go).
healthy() {
    /usr/bin/python3 - "$1" <<'PY' 2>/dev/null
import json, sys, urllib.request
try:
    with urllib.request.urlopen("http://127.0.0.1:%s/_cluster/health" % sys.argv[1], timeout=2) as answer:
        sys.exit(0 if json.load(answer).get("status") in ("green", "yellow") else 1)
except Exception:
    sys.exit(1)
PY
}

# The user the server runs as: this one, unless it is root (which OpenSearch refuses).
run_as() {
    if [[ "$(id -u)" -ne 0 ]]; then
        return 0
    fi
    if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SERVICE_USER" \
            || die "could not create the system user $SERVICE_USER"
    fi
    echo "$SERVICE_USER"
}

write_config() {
    local http="$1" transport="$2"
    mkdir -p "$DIR/config" "$DIR/data" "$DIR/logs" "$DIR/tmp"
    cp "$DIR/home/config/log4j2.properties" "$DIR/config/"
    mkdir -p "$DIR/config/jvm.options.d"
    cat >"$DIR/config/opensearch.yml" <<EOF
cluster.name: smtpy
node.name: smtpy-search
path.data: $DIR/data
path.logs: $DIR/logs
network.host: 127.0.0.1
http.port: $http
transport.port: $transport
discovery.type: single-node
# A test machine's disk may be fuller than the default watermarks allow: indices would turn read-only.
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: true
EOF
    cat >"$DIR/config/jvm.options" <<EOF
-Xms$HEAP
-Xmx$HEAP
-XX:+UseG1GC
-XX:G1ReservePercent=25
-XX:InitiatingHeapOccupancyPercent=30
-XX:ActiveProcessorCount=2
-Djava.io.tmpdir=$DIR/tmp
-XX:+HeapDumpOnOutOfMemoryError
-XX:HeapDumpPath=$DIR/data
-XX:ErrorFile=$DIR/logs/hs_err_pid%p.log
-Xlog:gc*:file=$DIR/logs/gc.log:utctime,pid,tags:filecount=4,filesize=16m
18-:-Djava.security.manager=allow
-Djava.util.concurrent.ForkJoinPool.common.threadFactory=org.opensearch.secure_sm.SecuredForkJoinWorkerThreadFactory
EOF
}

java_home() {
    if [[ -n "${JAVA_HOME:-}" ]]; then
        echo "$JAVA_HOME"
    else
        dirname "$(dirname "$(readlink -f "$(command -v java)")")"
    fi
}

start() {
    mkdir -p "$DIR"
    local http transport pid_file="$DIR/opensearch.pid"
    http="$(port_of http)"
    transport="$(port_of transport)"
    if [[ -s "$pid_file" ]] && alive "$(cat "$pid_file")" && healthy "$http"; then
        echo "opensearch=127.0.0.1:$http"
        return 0
    fi
    local user
    # A copy of the home per DIR: the local repository may sit where the server's user cannot read (/root).
    if [[ "$(cat "$DIR/home/.key" 2>/dev/null)" != "$(layout_key)" ]]; then
        local cache
        cache="$(prepare)"
        rm -rf "$DIR/home"
        cp -a "$cache" "$DIR/home"
        layout_key >"$DIR/home/.key"
    fi
    write_config "$http" "$transport"
    user="$(run_as)"
    local launch=()
    if [[ -n "$user" ]]; then
        chown -R "$user:" "$DIR/config" "$DIR/data" "$DIR/logs" "$DIR/tmp"
        rm -f "$pid_file"
        chown "$user:" "$DIR"
        launch=(setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups)
        "${launch[@]}" test -r "$DIR/home/lib/opensearch-$(version).jar" -a -w "$DIR/data" \
            || die "$user cannot read $DIR/home or write $DIR/data (are the parents of DIR searchable by others?)"
    fi
    # setpriv and bin/opensearch both exec: the PID started here is the server's JVM.
    OPENSEARCH_JAVA_HOME="$(java_home)" OPENSEARCH_PATH_CONF="$DIR/config" OPENSEARCH_TMPDIR="$DIR/tmp" \
        nohup "${launch[@]}" "$DIR/home/bin/opensearch" >"$DIR/opensearch.out" 2>&1 </dev/null &
    echo $! >"$pid_file"
    local deadline=$((SECONDS + READY_SECONDS))
    while ((SECONDS < deadline)); do
        if healthy "$http"; then
            echo "opensearch=127.0.0.1:$http"
            return 0
        fi
        alive "$(cat "$pid_file")" || break
        sleep 0.5
    done
    tail -n 40 "$DIR/opensearch.out" >&2 2>/dev/null || true
    stop
    die "OpenSearch did not answer green or yellow on 127.0.0.1:$http within ${READY_SECONDS}s"
}

stop() {
    local pid_file="$DIR/opensearch.pid" pid
    [[ -s "$pid_file" ]] || return 0
    pid="$(cat "$pid_file")"
    if alive "$pid"; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 150); do
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
        [[ $# -eq 2 ]] || die "usage: opensearch.sh $command DIR"
        DIR="$(mkdir -p "$2" && cd "$2" && pwd)"
        "$command"
        ;;
    prepare) prepare >/dev/null ;;
    *) die "usage: opensearch.sh start DIR | stop DIR | prepare" ;;
esac
