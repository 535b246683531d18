#!/bin/sh
# Installs the Debian packages csp needs, only those `dpkg -s` reports
# missing, so a repeat run costs nothing. Debian packages only.
set -e
PKGS="llvm-19-dev clang-19 libboost-context-dev libcli11-dev catch2 libedit-dev libgc-dev libzstd-dev ninja-build cmake pkg-config python3"
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
