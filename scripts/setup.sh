#!/usr/bin/env bash
# Installs what HackBridge needs on a fresh Debian/Ubuntu machine, then builds it.
# Idempotent: each step checks first. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need_apt=()
command -v bwrap >/dev/null 2>&1 || need_apt+=(bubblewrap)
[ -x "${PYTHON_PATH:-/usr/bin/python3}" ] || need_apt+=(python3)
# libseccomp is not required (the harness builds its own BPF filter), but bandit is the
# reference analyser the benchmark compares against, and chromium drives the UI tests.
command -v bandit >/dev/null 2>&1 || need_apt+=(bandit)
if [ "${HACKBRIDGE_SKIP_BROWSER:-}" != "1" ]; then command -v chromium >/dev/null 2>&1 || need_apt+=(chromium); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The sandbox needs unprivileged user namespaces; say so plainly if the kernel forbids them.
if ! bwrap --unshare-user --uid 65534 --gid 65534 --ro-bind / / true 2>/dev/null; then
  echo "setup: WARNING bubblewrap cannot create a user namespace here; the engine will refuse to start in strict mode" >&2
fi

# `npm install` rather than `npm ci`: npm 11's ci rejects this lock file because vite lists a
# Windows-only optional package that the lock (made on Linux) leaves out; install honours the
# lock for everything else. Electron is installed for its types only (no binary download here).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install --no-audit --no-fund
fi
npm run build
