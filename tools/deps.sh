#!/bin/sh
# SPDX-License-Identifier: MIT
# Install what the build and the tests need, from Debian's packages, when it
# is missing. Quiet when everything is there already.
set -e
need=
pkg-config --exists ldns 2>/dev/null || need="$need libldns-dev"
pkg-config --exists yaml-0.1 2>/dev/null || need="$need libyaml-dev"
pkg-config --exists libpcre2-8 2>/dev/null || need="$need libpcre2-dev"
pkg-config --exists cmocka 2>/dev/null || need="$need libcmocka-dev"
pkg-config --exists libcrypto 2>/dev/null || need="$need libssl-dev"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v named-checkzone >/dev/null 2>&1 || need="$need bind9-utils"
command -v kzonecheck >/dev/null 2>&1 || need="$need knot-dnssecutils"
command -v ldns-read-zone >/dev/null 2>&1 || need="$need ldnsutils"
command -v python3 >/dev/null 2>&1 || need="$need python3"
command -v patch >/dev/null 2>&1 || need="$need patch"
command -v git >/dev/null 2>&1 || need="$need git"
command -v clang >/dev/null 2>&1 || need="$need clang"
[ -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ] || \
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 || \
	need="$need libclang-rt-14-dev"
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
command -v validns >/dev/null 2>&1 || need="$need validns"
command -v mandoc >/dev/null 2>&1 || need="$need mandoc"
python3 -c 'import yaml' >/dev/null 2>&1 || need="$need python3-yaml"
[ -x /usr/bin/time ] || need="$need time"
command -v chromium >/dev/null 2>&1 || need="$need chromium"
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "zonelint: missing packages:$need" >&2
	echo "zonelint: run as root, or: sudo apt-get install$need" >&2
	exit 1
fi
echo "installing:$need"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $need >/dev/null
