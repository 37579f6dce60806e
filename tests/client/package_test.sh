#!/usr/bin/env bash
# Installs the build's client library into a temporary prefix, builds
# examples/cpp-client and the subscription group example
# (clients/cpp/client/examples/groups) against it with find_package(Chancery),
# and runs them against a fresh chanceryd: the package works for another
# project. It also checks that the library's README shows the examples as
# they are.
#
# Usage: package_test.sh BUILD_DIR SOURCE_DIR CHANCERYD
set -euo pipefail
build_dir=$1 source_dir=$2 chanceryd=$3

# readme_example PATH: the code block the README shows under the line "`PATH`:".
readme_example() {
  awk -v marker="\`$1\`:" '
    $0 == marker { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$source_dir/clients/cpp/client/README.md"
}
for example in examples/cpp-client/main.cc clients/cpp/client/examples/groups/main.cc; do
  if ! diff <(readme_example "$example") "$source_dir/$example" >/dev/null; then
    echo "clients/cpp/client/README.md does not show $example as it is"
    exit 1
  fi
done

work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/examples/cpp-client" -B "$work/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build"
cmake -S "$source_dir/clients/cpp/client/examples/groups" -B "$work/build-groups" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build-groups"

"$chanceryd" --listen=127.0.0.1:0 --store="sqlite:$work/chancery.db" \
  --port-file="$work/port" 2>"$work/chanceryd.log" &
server_pid=$!
for _ in $(seq 300); do [[ -s $work/port ]] && break; sleep 0.1; done
[[ -s $work/port ]] || { echo "chanceryd did not start:"; cat "$work/chanceryd.log"; exit 1; }

output=$("$work/build/chancery_example" "127.0.0.1:$(cat "$work/port")")
echo "$output"
for expected in "caught up at position 0" "recorded at position 1" "KHM-USA: score" \
                "events[0].event_id" "committed: position 1 in KHM-USA"; do
  grep -qF "$expected" <<<"$output" || { echo "missing from the output: $expected"; exit 1; }
done
output=$("$work/build-groups/chancery_group_example" "127.0.0.1:$(cat "$work/port")")
echo "$output"
for expected in "delivered position 2 (attempt 1) in KHM-USA" "delivered position 4 (attempt 1)" \
                "group checkpoint 4"; do
  grep -qF "$expected" <<<"$output" || { echo "missing from the output: $expected"; exit 1; }
done
echo "package test passed"
