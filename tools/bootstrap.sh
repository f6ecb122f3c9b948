#!/usr/bin/env bash
# Installs the Debian packages precis needs that are missing, then sets up
# and builds build/. Idempotent: when nothing is missing it installs nothing
# and says nothing about packages. Runs as root, or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every Debian 12 package precis needs to build and test, in one place.
packages=(
	build-essential     # gcc, make, libc headers
	meson
	ninja-build
	pkg-config
	libicu-dev          # decode, normalize, segment
	libjansson-dev      # JSON output
	libexttextcat-dev   # language identification
	libexttextcat-data  # its n-gram profiles
	libstemmer-dev      # summarize (Snowball stemmers)
	libcurl4-openssl-dev # translation backends
	libsqlite3-dev      # translation memory
	libmicrohttpd-dev   # the fake API server of the tests
	libcriterion-dev    # unit tests
	clang               # the libFuzzer target
	libclang-rt-14-dev  # libFuzzer and sanitizer runtimes for clang 14
	python3             # tools/test.sh reads meson's test log with it
	apertium-apy        # the integration test's real translation server
	apertium-fr-es      # its French<->Spanish pair
	iproute2            # ip: loopback up in the test's network namespace
	util-linux          # unshare: the test's private network namespace
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ]; then
		sudo=()
	elif command -v sudo >/dev/null 2>&1; then
		sudo=(sudo)
	else
		echo "bootstrap: missing packages: ${missing[*]}" >&2
		echo "bootstrap: run this script as root, or install sudo, to install them" >&2
		exit 1
	fi
	echo "bootstrap: installing ${missing[*]}"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# Reconfigure an existing build/: tests/meson.build picks up test files
# that exist at configure time. Output is shown only when a step fails.
run_quietly() {
	local out
	if ! out=$("$@" 2>&1); then
		printf '%s\n' "$out" >&2
		echo "bootstrap: '$*' failed" >&2
		exit 1
	fi
}
if [ -f build/build.ninja ]; then
	run_quietly meson setup --reconfigure build
else
	run_quietly meson setup build
fi
run_quietly ninja -C build
