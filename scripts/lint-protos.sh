#!/usr/bin/env bash
# Lints the v1 API (proto/) with buf's STANDARD and COMMENTS rules (see buf.yaml).
#
# Installs the pinned tools from package-lock.json (buf, and Google's common protos that
# proto/ imports) with `npm ci` when node_modules is missing, then runs `buf lint`.
# Exits non-zero on any lint finding or build error. Needs node and npm on PATH.
#
# Usage: scripts/lint-protos.sh            (from anywhere in the repository)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -x node_modules/.bin/buf || ! -d node_modules/google-proto-files/google ]]; then
  npm ci --no-audit --no-fund
fi

node_modules/.bin/buf lint
echo "buf lint: ok"
