#!/usr/bin/env bash
# Builds wolfSSL 5.9.2 (a real DTLS 1.3 peer for the interop tests) from Debian sid's source package,
# once: the result is cached under ${LIGHTWAY_CACHE:-$HOME/.cache/lightway-j} and reused.
# The system's apt configuration is left untouched: a private sources list and state directory are used.
set -euo pipefail

VERSION=5.9.2
FLAGS="--enable-dtls --enable-dtls13 --enable-dtls-frag-ch --enable-tls13 --enable-kyber=all,512,768,1024,ml-kem --enable-extra-pqc-hybrids --enable-experimental --enable-curve25519 --enable-session-ticket --disable-shared --enable-static --enable-debug"
CACHE="${LIGHTWAY_CACHE:-$HOME/.cache/lightway-j}"
HASH=$(printf '%s' "$FLAGS" | sha256sum | cut -c1-10)
DEST="$CACHE/wolfssl-$VERSION-$HASH"
ENV_FILE="$CACHE/wolfssl-current.env"

write_env() {
  {
    echo "WOLFSSL_SERVER=$DEST/examples/server/server"
    echo "WOLFSSL_CLIENT=$DEST/examples/client/client"
    echo "WOLFSSL_CERTS=$DEST/certs"
  } > "$ENV_FILE"
  echo "wolfSSL $VERSION: $DEST/examples/server/server, $DEST/examples/client/client"
}

if [ -x "$DEST/examples/server/server" ] && [ -x "$DEST/examples/client/client" ]; then
  write_env
  exit 0
fi

start=$(date +%s)
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/wolfssl-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

need=()
command -v dpkg-source >/dev/null || need+=(dpkg-dev)
command -v make >/dev/null || need+=(make)
command -v gcc >/dev/null || need+=(gcc)
command -v autoreconf >/dev/null || need+=(autoconf automake libtool)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The archive URI the machine already uses, read from its own configuration.
URI=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
if [ -z "$URI" ]; then
  URI=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
fi
[ -n "$URI" ] || { echo "wolfssl.sh: cannot find the apt archive URI" >&2; exit 1; }
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/cache/archives/partial"
echo "deb-src [signed-by=$KEYRING] $URI sid main" > "$WORK/apt/sources.list"
APT=(-o "Dir::Etc::sourcelist=$WORK/apt/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$WORK/apt/lists" -o "Dir::Cache=$WORK/apt/cache" -o "APT::Get::List-Cleanup=0")
apt-get "${APT[@]}" update -qq
# Only the upstream (orig) tarball is needed; its URI and SHA-256 come from the source index. (The mirror
# may not carry every Debian revision's .dsc, so apt-get source --download-only can fail on those.)
LINE=$(apt-get "${APT[@]}" source --print-uris -qq wolfssl | grep -E "wolfssl_${VERSION}\.orig\.tar\.[a-z0-9]+' " | head -1)
[ -n "$LINE" ] || { echo "wolfssl.sh: sid's wolfssl source is not version $VERSION:" >&2;
  apt-get "${APT[@]}" source --print-uris -qq wolfssl >&2 || true; exit 1; }
ORIG_URI=$(echo "$LINE" | awk '{print $1}' | tr -d "'")
ORIG_NAME=$(echo "$LINE" | awk '{print $2}')
ORIG_SHA=$(echo "$LINE" | awk '{print $4}' | sed 's/^SHA256://')
ORIG="$WORK/$ORIG_NAME"
if command -v curl >/dev/null; then
  curl -fsSL -o "$ORIG" "$ORIG_URI"
else
  wget -q -O "$ORIG" "$ORIG_URI"
fi
echo "$ORIG_SHA  $ORIG" | sha256sum -c --quiet - || { echo "wolfssl.sh: checksum mismatch for $ORIG_NAME" >&2; exit 1; }
mkdir -p "$WORK/src"
tar -xf "$ORIG" -C "$WORK/src" --strip-components=1
cd "$WORK/src"
[ -x configure ] || ./autogen.sh >/dev/null
# shellcheck disable=SC2086
./configure -q $FLAGS > "$WORK/configure.log" 2>&1 || { tail -40 "$WORK/configure.log" >&2; exit 1; }
make -j"$(nproc)" > "$WORK/make.log" 2>&1 || { tail -40 "$WORK/make.log" >&2; exit 1; }
rm -rf "$DEST.tmp"
mkdir -p "$DEST.tmp/examples/server" "$DEST.tmp/examples/client"
cp examples/server/server "$DEST.tmp/examples/server/"
cp examples/client/client "$DEST.tmp/examples/client/"
cp -r certs "$DEST.tmp/certs"
mv "$DEST.tmp" "$DEST"
write_env
echo "wolfSSL built in $(( $(date +%s) - start )) s"
