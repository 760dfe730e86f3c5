#!/usr/bin/env bash
# A real Lightway-J tunnel between two network namespaces (Linux, root, iproute2, iperf3, ping).
#
#   sudo scripts/netns-demo.sh                 build the example jar, run everything, print a summary
#   sudo scripts/netns-demo.sh --no-build      use lightway-examples/target/lightway-example.jar as is
#   sudo scripts/netns-demo.sh --seconds 3 --loss 10 --udp-rate 300M
#
#   ns "srv"  10.99.0.1/24 ──veth── 10.99.0.2/24  ns "cli"
#   lightway server --tun (10.125.0.1/16)          lightway client --tun (10.125.0.2/32, route 10.125.0.1/32)
#   iperf3 -s, lossy relay on :27691
#
# For UDP (DTLS 1.3) and then TCP (TLS 1.3) it (1) pings the server's tunnel address, (2) runs iperf3
# TCP and UDP through the tunnel and over the bare veth, with the CPU time the two Lightway processes
# used per Gbit moved; then (3), UDP only, sends the tunnel through the example's lossy UDP relay
# (`lightway-example relay`, dropping --loss % each way: there is no netem here) and pings with FEC off
# and on. Everything it creates (namespaces, veth, processes, temp files) goes away on exit, Ctrl-C or
# SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=4
LOSS=10
UDP_RATE=300M
PINGS=200
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) BUILD=0 ;;
        --seconds) SECS="$2"; shift ;;
        --loss) LOSS="$2"; shift ;;
        --udp-rate) UDP_RATE="$2"; shift ;;
        --pings) PINGS="$2"; shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "netns-demo: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

[ "$(id -u)" = 0 ] || { echo "netns-demo: run as root (network namespaces, TUN devices)" >&2; exit 2; }
for tool in ip iperf3 ping java; do
    command -v "$tool" >/dev/null || { echo "netns-demo: needs $tool (apt-get install iproute2 iperf3 iputils-ping)" >&2; exit 2; }
done
[ -c /dev/net/tun ] || { echo "netns-demo: no /dev/net/tun" >&2; exit 2; }

JAR=lightway-examples/target/lightway-example.jar
if [ "$BUILD" = 1 ]; then
    echo "Building the example (mvn -pl lightway-examples -am package)..."
    mvn -B -ntp -q -pl lightway-examples -am package -DskipTests
fi
[ -f "$JAR" ] || { echo "netns-demo: $JAR is missing (run without --no-build)" >&2; exit 2; }

ID=$(( $$ % 100000 ))
NS_S="lwj-srv-$ID"
NS_C="lwj-cli-$ID"
VETH_S="lwjvs$ID"
VETH_C="lwjvc$ID"
SRV=10.99.0.1
CLI=10.99.0.2
TUN_PEER=10.125.0.1
PORT=27690
RELAY_PORT=27691
WORK=$(mktemp -d /tmp/lwj-netns-demo.XXXXXX)
PIDS=()
ROWS=()

cleanup() {
    set +e
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for _ in 1 2 3 4 5 6; do
        alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.5
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    # Anything still running in our two namespaces was started by this script.
    for ns in "$NS_S" "$NS_C"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    ip link del "$VETH_S" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "netns-demo: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

in_srv() { ip netns exec "$NS_S" "$@"; }
in_cli() { ip netns exec "$NS_C" "$@"; }

# Starts "$@" in the background (ip netns exec execs it, so $! is the process itself).
spawn() { # spawn LOG NS CMD...
    local log=$1 ns=$2; shift 2
    ip netns exec "$ns" "$@" >"$log" 2>&1 </dev/null &
    LAST_PID=$!
    PIDS+=("$LAST_PID")
}

wait_for() { # wait_for LOG PATTERN PID SECONDS
    local i
    for ((i = 0; i < $4 * 10; i++)); do
        grep -qs -- "$2" "$1" && return 0
        kill -0 "$3" 2>/dev/null || break
        sleep 0.1
    done
    echo "netns-demo: '$2' did not appear in $1:" >&2
    cat "$1" >&2
    return 1
}

stop() { # stop PID: SIGTERM (the example says Goodbye), then wait
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

cpu_ticks() { # utime + stime of PID, in clock ticks
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}

echo "Setting up namespaces $NS_S and $NS_C joined by veth $VETH_S <-> $VETH_C"
ip netns add "$NS_S"
ip netns add "$NS_C"
ip link add "$VETH_S" type veth peer name "$VETH_C"
ip link set "$VETH_S" netns "$NS_S"
ip link set "$VETH_C" netns "$NS_C"
in_srv ip addr add "$SRV/24" dev "$VETH_S"
in_cli ip addr add "$CLI/24" dev "$VETH_C"
for ns in "$NS_S" "$NS_C"; do ip -n "$ns" link set lo up; done
in_srv ip link set "$VETH_S" up
in_cli ip link set "$VETH_C" up

spawn "$WORK/iperf3-server.log" "$NS_S" iperf3 -s
IPERF_PID=$LAST_PID
sleep 0.3

# ping_row LABEL COUNT INTERVAL: one summary row with loss and RTT.
ping_row() {
    local out loss rtt
    out=$(in_cli ping -q -c "$2" -i "$3" -W 1 "$TUN_PEER" 2>&1 || true)
    loss=$(echo "$out" | grep -o '[0-9.]*% packet loss' | cut -d% -f1)
    rtt=$(echo "$out" | awk -F'[/ ]' '/^rtt/ { print "min " $7 " / avg " $8 " / max " $9 " ms" }')
    ROWS+=("$(printf '%-44s %s' "$1" "loss ${loss:-?}% of $2, rtt ${rtt:-n/a}")")
    echo "  $1: loss ${loss:-?}%, rtt ${rtt:-n/a}"
}

# iperf_run HOST TCP|UDP: prints "Mbit/s seconds loss%" of the receiver side.
iperf_run() {
    local out
    if [ "$2" = UDP ]; then
        out=$(in_cli iperf3 -c "$1" -u -b "$UDP_RATE" -l 1200 -t "$SECS" -f m 2>&1 || true)
    else
        out=$(in_cli iperf3 -c "$1" -t "$SECS" -f m 2>&1 || true)
    fi
    echo "$out" >>"$WORK/iperf3-client.log"
    echo "$out" | awk '/receiver/ {
        for (i = 1; i <= NF; i++) {
            if ($i == "Mbits/sec") rate = $(i - 1)
            if ($i == "sec") { split($(i - 1), t, "-"); secs = t[2] }
            if ($i ~ /^\([0-9.e+-]+%\)$/) { loss = $i; gsub(/[()%]/, "", loss) }
        }
        printf "%s %s %s\n", rate, secs, (loss == "" ? "-" : loss)
    }' | tail -1
}

# iperf_rows TRANSPORT SERVER_PID CLIENT_PID: tunnel vs bare veth, TCP and UDP, CPU per Gbit.
iperf_rows() {
    local proto tun bare s0 c0 s1 c1 rate secs loss cpu gbit per
    for proto in TCP UDP; do
        s0=$(cpu_ticks "$2"); c0=$(cpu_ticks "$3")
        read -r rate secs loss <<<"$(iperf_run "$TUN_PEER" "$proto")"
        s1=$(cpu_ticks "$2"); c1=$(cpu_ticks "$3")
        read -r brate _ bloss <<<"$(iperf_run "$SRV" "$proto")"
        cpu=$(awk -v a=$((s1 - s0 + c1 - c0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", a / hz }')
        gbit=$(awk -v r="${rate:-0}" -v t="${secs:-0}" 'BEGIN { printf "%.3f", r * t / 1000 }')
        per=$(awk -v c="$cpu" -v g="$gbit" 'BEGIN { if (g > 0) printf "%.1f", c / g; else print "n/a" }')
        local extra=""
        [ "$proto" = UDP ] && extra=" (offered $UDP_RATE, loss tunnel ${loss}% / veth ${bloss}%)"
        ROWS+=("$(printf '%-44s %s' "iperf3 $proto over $1: tunnel / bare veth" \
            "${rate:-?} / ${brate:-?} Mbit/s$extra")")
        ROWS+=("$(printf '%-44s %s' "  CPU of server+client during the tunnel run" \
            "$cpu s for $gbit Gbit = $per CPU-s/Gbit")")
        echo "  iperf3 $proto: tunnel ${rate:-?} Mbit/s, bare veth ${brate:-?} Mbit/s; CPU $cpu s for $gbit Gbit"
    done
}

# start_pair TRANSPORT-FLAGS...: server + client over the tunnel; sets SERVER_PID, CLIENT_PID.
start_server() { # start_server TAG FLAGS...
    local tag=$1; shift
    spawn "$WORK/server-$tag.log" "$NS_S" java -jar "$JAR" server --listen "$SRV:$PORT" \
        --ca-out "$WORK/ca.pem" --tun lwjs0 --quiet "$@"
    SERVER_PID=$LAST_PID
    wait_for "$WORK/server-$tag.log" "listening on" "$SERVER_PID" 60
}
start_client() { # start_client TAG CONNECT FLAGS...
    local tag=$1 connect=$2; shift 2
    spawn "$WORK/client-$tag.log" "$NS_C" java -jar "$JAR" client --connect "$connect" \
        --ca "$WORK/ca.pem" --tun lwjc0 --keepalive-timeout 0 "$@"
    CLIENT_PID=$LAST_PID
    wait_for "$WORK/client-$tag.log" "tunnel up on" "$CLIENT_PID" 60
}

for transport in UDP TCP; do
    flags=()
    label="UDP (DTLS 1.3)"
    if [ $transport = TCP ]; then flags=(--tcp); label="TCP (TLS 1.3)"; fi
    echo
    echo "== $label =="
    start_server "$transport" "${flags[@]}"
    start_client "$transport" "$SRV:$PORT" "${flags[@]}"
    grep '^\[client\] \$ ip' "$WORK/client-$transport.log" | sed 's/^/  /'
    in_cli ping -q -c 20 -i 0.02 -W 1 "$TUN_PEER" >/dev/null 2>&1 || true # warm-up (JIT)
    ping_row "ping through the tunnel, $label" 50 0.02
    in_cli iperf3 -c "$TUN_PEER" -t 2 >/dev/null 2>&1 || true # warm-up: the JIT compiles the data path
    iperf_rows "$label" "$SERVER_PID" "$CLIENT_PID"
    if [ $transport = UDP ]; then
        echo "  -- through the lossy relay: $LOSS% of the datagrams dropped each way --"
        spawn "$WORK/relay.log" "$NS_S" java -jar "$JAR" relay --listen "$SRV:$RELAY_PORT" \
            --to "$SRV:$PORT" --loss "$LOSS%"
        RELAY_PID=$LAST_PID
        wait_for "$WORK/relay.log" "relaying" "$RELAY_PID" 60
        stop "$CLIENT_PID"
        for fec in off on; do
            fecflag=()
            [ $fec = on ] && fecflag=(--encode-at-connect)
            start_client "relay-fec-$fec" "$SRV:$RELAY_PORT" "${fecflag[@]}"
            in_cli ping -q -c 20 -i 0.02 -W 1 "$TUN_PEER" >/dev/null 2>&1 || true # warm-up (JIT)
            ping_row "ping via the ${LOSS}% relay, FEC $fec" "$PINGS" 0.02
            stop "$CLIENT_PID"
        done
        stop "$RELAY_PID"
        grep totals "$WORK/relay.log" | sed 's/^/  /' || true
    else
        stop "$CLIENT_PID"
    fi
    stop "$SERVER_PID"
    # Where packets went (read from / written to each TUN device, dropped: queue full, no route, refused).
    grep -h 'TUN .*packets read' "$WORK/client-$transport.log" "$WORK/server-$transport.log" | sed 's/^/  /' || true
done

echo
echo "Summary (after warm-up pings and a 2 s warm-up iperf3; iperf3 ${SECS} s per run; UDP offered at $UDP_RATE with"
echo "1200-byte datagrams; inside MTU 1350; CPU = utime+stime of the Lightway server and client)"
for row in "${ROWS[@]}"; do echo "  $row"; done
