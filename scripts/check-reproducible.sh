#!/usr/bin/env bash
# Builds the library modules twice from the same commit, in two different directories, at two different
# times and in two time zones, and compares the sha256 of every library jar (classes, -sources,
# -javadoc) and of their CycloneDX SBOMs (target/bom.json, bom.xml). Exit status 0 = byte-identical,
# 1 = something differs (listed).
#
#   scripts/check-reproducible.sh [commit]     (default HEAD; the working tree's uncommitted changes are not used)
#
# Uses the shared ~/.m2 only to read (package, never install). Runs Maven online: the CycloneDX goal
# skips itself in offline mode (the SBOMs are then simply absent from both builds).
set -euo pipefail
cd "$(dirname "$0")/.."
commit="${1:-HEAD}"
modules="lightway-codec-api,lightway-core,lightway-codec-fec,lightway-micrometer,lightway-jfr,lightway-tun"
work="$(mktemp -d "${TMPDIR:-/tmp}/lightway-repro.XXXXXX")"
trap 'rm -rf "$work"' EXIT

build() { # $1 = directory name, $2 = time zone
    local dir="$work/$1"
    mkdir -p "$dir"
    git archive --format=tar "$commit" | tar -x -C "$dir"
    echo "building $commit in $dir (TZ=$2)" >&2
    (cd "$dir" && TZ="$2" mvn -B -ntp -q package -DskipTests -pl "$modules" -am) >&2
    (cd "$dir" && find . \( -path '*/target/*.jar' -o -path '*/target/bom.json' -o -path '*/target/bom.xml' \) \
        -not -path './lightway-examples/*' -not -path './benchmarks/*' -exec sha256sum {} + | sort -k2)
}

# First the cheap static check: no plugin in the build plan has a known reproducibility issue.
mvn -B -ntp -q artifact:check-buildplan >&2

build a UTC > "$work/a.sha256"
sleep 2 # a different wall-clock second for every archive entry, were the time stamp not fixed
build second-build-dir Asia/Kolkata > "$work/b.sha256"

files=$(wc -l < "$work/a.sha256")
if diff -u "$work/a.sha256" "$work/b.sha256" >&2; then
    echo "reproducible: $files files byte-identical across both builds"
    cat "$work/a.sha256"
    exit 0
fi
echo "NOT reproducible: the files above differ" >&2
exit 1
