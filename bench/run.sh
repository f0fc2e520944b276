#!/usr/bin/env bash
# The smtpy benchmark (issue 5), one command:
#
#   bench/run.sh            # full run, about 14 minutes on 2 cores (estimated); results in bench/results/<date>.{json,md}
#   bench/run.sh --quick    # smoke run of every phase, a few minutes; results in bench/target/results/
#   bench/run.sh --guard-only [--quick]   # only the WebAdmin guard's cost, in process (no server, no Postfix)
#   bench/run.sh --rules-only [--quick]   # only the owners' rules and lists on the mail path (JMH, in process; no server)
#   bench/run.sh --scan-only [--quick]    # only spam and virus scanning (spamd, clamd) against Postfix with milters (issue 14)
#   bench/run.sh --only cluster [--quick] # two smtpy-plain nodes on Cassandra against the embedded single node (issue 17;
#       not in a default run: it starts a Cassandra of its own, services/cassandra/cassandra.sh, unless SMTPY_TEST_CASSANDRA is set)
#   bench/run.sh --search-only [--quick] [--search-events 1000000,10000000]   # only the message list's search latency
#       over the embedded store (issue 15), in process: no server, no Postfix, nothing installed into ~/.m2
#   bench/run.sh --panel-only [--quick]  # only the web panel's cold load until its first screen is usable (headless Chromium)
#   bench/run.sh --index-only [--quick] [--index-aliases 10000000] [--index-domains 100000] [--index-budgets A,B]
#       RCPT resolution and node memory over a Cassandra keyspace of that many aliases (issue 17), in process, against
#       a Cassandra of its own (services/cassandra/cassandra.sh, kept in bench/target/cassandra so a second run reuses
#       the data) or SMTPY_TEST_CASSANDRA
#
# --no-build: do not build the product even when its sources are newer than its last build (./smtpy build installs
#   into ~/.m2, which other checkouts share); use with --smtpy DIR to measure a checkout built elsewhere.
# Further flags go to the harness: --only e2e,resolution,rules,import,guard,scan,submission,cluster  --systems smtpy,smtpy-plain,james,postfix,postfix-stack
#   (and smtpy-noevents: smtpy with events.enabled=false, for what mail events cost; not in the default systems)
#   --scan-systems postfix,postfix-milters,smtpy-plain,smtpy-scan  --results DIR
#   --smtpy DIR (another built smtpy checkout to measure, e.g. with a patch applied), --warm-up SECONDS,
#   --repeats N, --sizes 2048,51200 (a shorter matrix for before/after runs of a patch),
#   --interleave (the two smtpy systems of --systems started together and measured in alternate windows, A B / B A...).
# JVM options of smtpy and vanilla James (the same for both): BENCH_JAVA_OPTS (default -Xms64m -Xmx512m);
# of smtpy for the import: BENCH_IMPORT_JAVA_OPTS (default -Xmx2g). See bench/README.md.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
SERVER_TARGET="$ROOT/server/target"

log() {
    echo "bench: $*" >&2
}

# Postfix is the reference MTA (and needs root for its private instance); postfix-stack adds postsrsd (SRS) and
# OpenDKIM (opendkim-genkey is in opendkim-tools); the smtpy systems need dnsmasq; the scan phase spamd (spamassassin,
# spamd), clamd (clamav-daemon) and the milters. Installed from Debian when missing; a failed install only means
# the harness skips what is missing, with a note in the results. With "smtpy-only" (the cluster phase, which starts
# only smtpy and Cassandra): dnsmasq alone.
install_references() {
    local missing=()
    # The DNS server the smtpy systems ask (their inbound checks' answers, the DKIM keys' records).
    [[ -x /usr/sbin/dnsmasq ]] || missing+=(dnsmasq-base)
    if [[ "${1:-}" == smtpy-only ]]; then
        install_packages "${missing[@]}"
        return
    fi
    [[ -x /usr/sbin/postfix ]] || missing+=(postfix)
    [[ -x /usr/sbin/postsrsd ]] || missing+=(postsrsd)
    [[ -x /usr/sbin/opendkim ]] || missing+=(opendkim)
    [[ -x /usr/sbin/opendkim-genkey ]] || missing+=(opendkim-tools)
    # The scan phase (issue 14): the daemons both systems ask, and Postfix's milters for them.
    [[ -x /usr/bin/spamassassin ]] || missing+=(spamassassin)
    [[ -x /usr/sbin/spamd ]] || missing+=(spamd)
    [[ -x /usr/sbin/clamd ]] || missing+=(clamav-daemon)
    [[ -x /usr/sbin/spamass-milter ]] || missing+=(spamass-milter)
    [[ -x /usr/sbin/clamav-milter ]] || missing+=(clamav-milter)
    # The submission phase (issue 16): the run's certificate, Postfix's Cyrus SASL with its own sasldb (PLAIN, LOGIN).
    [[ -x /usr/bin/openssl ]] || missing+=(openssl)
    [[ -x /usr/sbin/saslpasswd2 ]] || missing+=(sasl2-bin)
    [[ -e /usr/lib/x86_64-linux-gnu/sasl2/libplain.so.2 ]] || missing+=(libsasl2-modules)
    install_packages "${missing[@]}"
}

install_packages() {
    local missing=("$@")
    if [[ ${#missing[@]} -eq 0 ]]; then
        return
    fi
    if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        log "${missing[*]} not installed and cannot be installed here (needs root and apt-get): what needs them (Postfix, postfix-stack, the smtpy systems without dnsmasq) will be skipped"
        return
    fi
    log "installing ${missing[*]} (apt-get)"
    # Debian's packages start their daemons on install where they can: the harness starts private instances instead.
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; then
        apt-get update -q >/dev/null || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
            || log "could not install ${missing[*]}: what is missing will be skipped"
    fi
    stop_installed_services
}

# What an install started as a service (spamd, clamd, freshclam, the milters where the machine lets packages start
# daemons) would share the machine with the measured systems: stopped, the harness starts its own instances.
stop_installed_services() {
    local service
    command -v service >/dev/null 2>&1 || return 0
    for service in spamd spamassassin clamav-daemon clamav-freshclam spamass-milter clamav-milter saslauthd; do
        if service "$service" status >/dev/null 2>&1; then
            log "stopping the $service service the install started"
            service "$service" stop >/dev/null 2>&1 || true
        fi
    done
}

# The product as ./smtpy runs it, built (and installed into ~/.m2 for the JMH module) when its sources are newer
# than the last build: the same test as the launcher's, so the build never lands inside a measured start.
build_product() {
    local marker="$SERVER_TARGET/.smtpy-build"
    if [[ -f "$marker" && -d "$SERVER_TARGET/lib" ]] && [[ -z "$(cd "$ROOT" && find . \
        \( -path ./var -o -path '*/target' -o -path ./.git -o -path ./bench \) -prune -o \
        \( -name pom.xml -o -path '*/src/*' \) -type f -newer "$marker" -print -quit)" ]]; then
        return
    fi
    if [[ $NO_BUILD -eq 1 ]]; then
        log "the product has no build or sources newer than it: not building (--no-build)"
        return
    fi
    "$ROOT/smtpy" build
}

build_bench() {
    log "building the harness (mvn -f bench/pom.xml package)"
    mvn -B -q -f "$BENCH/pom.xml" -DskipTests package
}

# Stops the process of a pid file if it is still the program its command line names (the pid may have been reused
# since), then drops the file.
stop_leftover() {
    local pidfile="$1" program="$2" pid
    [[ -f "$pidfile" ]] || return 0
    pid="$(tr -d ' \n' <"$pidfile")"
    if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE "$program"; then
        log "stopping leftover $program $pid ($pidfile)"
        kill -TERM "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
}

# Whatever the harness could not stop itself (it was killed): servers it started (the submission phase's smtpy servers
# too: runs/<date>/submission-*/server.pid), Postfix instances, postsrsd, OpenDKIM,
# dnsmasq, the scan phase's spamd, clamd and milters, the cluster phase's Cassandra.
cleanup() {
    local pidfile etc
    for pidfile in "$BENCH"/target/runs/*/*/server.pid; do
        stop_leftover "$pidfile" java
    done
    for etc in "$BENCH"/target/runs/*/postfix/etc "$BENCH"/target/runs/*/postfix-stack/postfix/etc \
        "$BENCH"/target/runs/*/scan-postfix/etc "$BENCH"/target/runs/*/scan-postfix-milters/postfix/etc \
        "$BENCH"/target/runs/*/submission-postfix/etc; do
        [[ -d "$etc" ]] || continue
        pidfile="$(dirname "$etc")/queue/pid/master.pid"
        if [[ -f "$pidfile" ]] && kill -0 "$(tr -d ' ' <"$pidfile")" 2>/dev/null; then
            log "stopping leftover Postfix instance $etc"
            postfix -c "$etc" stop >/dev/null 2>&1 || postfix -c "$etc" abort >/dev/null 2>&1 || true
        fi
    done
    # The DNS server of the smtpy systems (BenchDns), postfix-stack's helpers: their pid files are in the run directory.
    for pidfile in "$BENCH"/target/runs/*/*/dns/dnsmasq.pid; do
        stop_leftover "$pidfile" dnsmasq
    done
    for pidfile in "$BENCH"/target/runs/*/postfix-stack/postsrsd.pid "$BENCH"/target/runs/*/postfix-stack/opendkim-*.pid; do
        stop_leftover "$pidfile" 'postsrsd|opendkim'
    done
    # The scan phase's milters, spamd and clamd (its Postfix instances are stopped above).
    for pidfile in "$BENCH"/target/runs/*/scan-postfix-milters/*-milter.pid "$BENCH"/target/runs/*/scan-daemons/*.pid; do
        stop_leftover "$pidfile" 'spamass-milter|clamav-milter|spamd|clamd'
    done
    # The cluster phase's Cassandra (services/cassandra/cassandra.sh start runs/<date>/cluster-cassandra), after its nodes above.
    for pidfile in "$BENCH"/target/runs/*/cluster-cassandra/cassandra.pid; do
        stop_leftover "$pidfile" CassandraDaemon
    done
}

NO_BUILD=0

# The message list's search latency (issue 15): store-embedded's JourneySearchBenchmark fills a store with N events of
# realistic journeys through the repository's batch write, then times each filter. Built from this checkout with -am
# and run by surefire (never installed), one JVM per size; the tables go to one markdown file.
search_only() {
    local quick=0 sizes="1000000,10000000" argument previous=""
    for argument in "$@"; do
        [[ "$argument" == --quick ]] && quick=1
        [[ "$previous" == --search-events ]] && sizes="$argument"
        previous="$argument"
    done
    ((quick)) && sizes="100000"
    local stamp out
    stamp="$(date -u +%Y-%m-%d-%H%M)"
    if ((quick)); then
        out="$BENCH/target/results/$stamp-search.md"
    else
        out="$BENCH/results/$stamp-search.md"
    fi
    mkdir -p "$(dirname "$out")"
    {
        echo "# smtpy message search benchmark, $stamp"
        echo
        echo "- machine: \`$(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)\`"
        echo "- java: \`$(java -version 2>&1 | head -1)\`"
        echo "- what: \`EmbeddedMailEventRepository.journeys\` (the storage call of \`GET /smtpy/domains/{domain}/messages\`), 200 timed pages of 51 after 30 warm-up ones per query, values drawn at random among those the data holds; see bench/README.md"
        echo
    } >"$out"
    local size
    for size in ${sizes//,/ }; do
        log "search latency over $size events (generation included; 1M takes a few minutes)"
        (cd "$ROOT" && mvn -o -q -B -pl core,store-embedded -am test-compile surefire:test@default-test \
            -Dtest=JourneySearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false \
            -Dbench.journeys.events="$size" -Dbench.journeys.out="$out") >&2
    done
    log "results in $out"
}

# The web panel's load (issue 18): cold loads in headless Chromium until the first screen is usable, on the embedded
# server, through the server module's browser harness (PanelLoadBenchmark); one markdown table.
panel_only() {
    local quick=0 argument stamp results out
    for argument in "$@"; do
        [[ "$argument" == --quick ]] && quick=1
    done
    stamp="$(date -u +%Y-%m-%d-%H%M)"
    results="$BENCH/results"
    ((quick)) && results="$BENCH/target/results"
    out="$results/$stamp-panel.md"
    mkdir -p "$results"
    {
        echo "# smtpy web panel load, $stamp"
        echo
        echo "- machine: \`$(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)\`"
        echo "- browser: \`$(chromium --version 2>/dev/null | head -1)\`, headless, loopback; see bench/README.md"
        echo
    } >"$out"
    [[ -d "$ROOT/panel/node_modules/axe-core" ]] || npm ci --prefix "$ROOT/panel" --no-audit --no-fund >&2
    log "panel cold loads"
    (cd "$ROOT" && mvn -o -q -B -pl server -am test-compile surefire:test@panel-browser-tests \
        -Dtest=PanelLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false \
        -Dbench.panel.loads="$( ((quick)) && echo 5 || echo 30)" -Dbench.panel.out="$out") >&2
    log "results in $out"
}

# RCPT resolution at cluster scale (issue 17): store-cassandra's ResidentIndexBenchmark fills a keyspace (once: a later
# run with the same sizes reuses it) and times a bounded node index over it, one row per budget, into one markdown file.
index_only() {
    local quick=0 aliases=10000000 domains=100000 budgets="" argument previous=""
    for argument in "$@"; do
        [[ "$argument" == --quick ]] && quick=1
        [[ "$previous" == --index-aliases ]] && aliases="$argument"
        [[ "$previous" == --index-domains ]] && domains="$argument"
        [[ "$previous" == --index-budgets ]] && budgets="$argument"
        previous="$argument"
    done
    ((quick)) && aliases=100000 && domains=1000
    local stamp out results
    stamp="$(date -u +%Y-%m-%d-%H%M)"
    results="$BENCH/results"
    ((quick)) && results="$BENCH/target/results"
    out="$results/$stamp-index.md"
    mkdir -p "$results"
    if [[ -z "${SMTPY_TEST_CASSANDRA:-}" ]]; then
        mkdir -p "$BENCH/target/cassandra"
        SMTPY_TEST_CASSANDRA="$(CASSANDRA_HEAP="${BENCH_CASSANDRA_HEAP:-2g}" bash "$ROOT/services/cassandra/cassandra.sh" start \
            "$BENCH/target/cassandra" | sed -n 's/^cassandra=//p')"
        export SMTPY_TEST_CASSANDRA
        trap 'bash "$ROOT/services/cassandra/cassandra.sh" stop "$BENCH/target/cassandra"' EXIT
    fi
    {
        echo "# smtpy RCPT resolution at cluster scale, $stamp"
        echo
        echo "- machine: \`$(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)\`"
        echo "- java: \`$(java -version 2>&1 | head -1)\`"
        echo "- what: \`AliasResolver.resolve\` (what the RCPT hook calls) on a node whose \`AliasDirectory\` has \`directory.maxResidentAliases\` = budget, over Cassandra ($SMTPY_TEST_CASSANDRA); recipients' domains Zipf (s = 1), one in ten local parts unknown, two threads; heap after a full GC; see bench/README.md"
        echo
    } >"$out"
    log "resolution over $aliases aliases in $domains domains (the first fill of 10 million takes tens of minutes)"
    (cd "$ROOT" && mvn -o -q -B -pl core,store-embedded,store-cassandra -am test-compile surefire:test@default-test \
        -Dtest=ResidentIndexBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false \
        -Dbench.index.aliases="$aliases" -Dbench.index.domains="$domains" ${budgets:+-Dbench.index.budgets="$budgets"} \
        -Dbench.index.out="$out") >&2
    log "results in $out"
}

main() {
    local started=$SECONDS argument
    local harness_arguments=()
    for argument in "$@"; do
        if [[ "$argument" == --no-build ]]; then
            NO_BUILD=1
        else
            harness_arguments+=("$argument")
        fi
    done
    set -- "${harness_arguments[@]}"
    if [[ " $* " == *" --search-only "* ]]; then
        search_only "$@"
        return
    fi
    if [[ " $* " == *" --panel-only "* ]]; then
        panel_only "$@"
        return
    fi
    if [[ " $* " == *" --index-only "* ]]; then
        index_only "$@"
        return
    fi
    # The guard and rules phases run in the harness's JVM (and JMH's forks): they need neither Postfix nor the built server.
    if [[ " $* " == *" --only cluster "* ]]; then
        install_references smtpy-only
    elif [[ " $* " != *" --guard-only "* && " $* " != *" --rules-only "* ]]; then
        install_references
    fi
    build_product
    build_bench
    trap cleanup EXIT
    local classpath
    classpath="$BENCH/target/classes:$(cat "$BENCH/target/harness.classpath")"
    java -Xms256m -Xmx1g -cp "$classpath" \
        -Dbench.repository="$ROOT" \
        -Dbench.stockJamesClassPath="$BENCH/target/stock-james.classpath" \
        io.smtpy.bench.Bench "$@"
    log "done in $((SECONDS - started)) s (builds included)"
}

main "$@"
