#!/usr/bin/env bash
# scripts/local-cluster as the README shows it: three replicas on one private PostgreSQL; an
# import on the first is seen, verified, on the third; stop keeps the log for the next start;
# destroy leaves no process behind.
#
# Usage: tests/cluster/local_cluster_test.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=$1/bin
dir=$(mktemp -d)
export CHANCERYD=$bin/chanceryd
trap '"$root/scripts/local-cluster" destroy "$dir/cluster" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

mapfile -t replicas < <("$root/scripts/local-cluster" start "$dir/cluster")
((${#replicas[@]} == 3)) || fail "expected 3 addresses, got: ${replicas[*]}"
for address in "${replicas[@]}"; do
  [[ $("$bin/chancery" --server="$address" health) == SERVING ]] || fail "$address not SERVING"
done

"$bin/chancery" --server="${replicas[0]}" import "$root/tests/data/gdelt/gdelt1.mixed100.export.CSV" \
  >"$dir/import.out" 2>&1 || { cat "$dir/import.out" >&2; fail "import"; }
imported=$(sed -n 's/^imported \([0-9]*\),.*/\1/p' "$dir/import.out" | tail -1)
((imported > 0)) || fail "nothing imported: $(cat "$dir/import.out")"
verify=$("$bin/chancery" --server="${replicas[2]}" audit verify)
[[ $verify == "ok: $imported events, "* ]] || fail "third replica: $verify"

"$root/scripts/local-cluster" stop "$dir/cluster"
mapfile -t replicas < <("$root/scripts/local-cluster" start "$dir/cluster" 2)
verify=$("$bin/chancery" --server="${replicas[1]}" audit verify)
[[ $verify == "ok: $imported events, "* ]] || fail "after a restart: $verify"

"$root/scripts/local-cluster" destroy "$dir/cluster"
[[ ! -e $dir/cluster ]] || fail "destroy left $dir/cluster"
! pgrep -f "$dir/cluster/" >/dev/null || fail "destroy left processes: $(pgrep -af "$dir/cluster/")"
echo "ok: 3 replicas, $imported events seen on each"
