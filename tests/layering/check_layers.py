#!/usr/bin/env python3
"""Checks that no C++ file includes across the walls between Chancery's layers.

Usage: check_layers.py [REPO_ROOT]   (default: the checkout this script is in)

Each layer (a folder) may include its own headers and those of the layers
listed for it in LAYERS, and no header named in its forbidden list, however
it would reach it. Generated protobuf headers count as the `proto` layer
(messages) and `grpc` (service stubs, gRPC itself). A file that is a test
(`*_test.cc`) or test support (a `testing/` folder) may also reach any
layer's insides and test helpers: a test may poke where users may not. A
benchmark uses the public interface of what it measures, the raw baselines
beside the store, and any layer's `testing/` helpers (scratch folders, a
chanceryd to measure), never a layer's insides.

Prints `file:line: includes 'header': reason` for each crossing and exits 1,
or prints how many includes it checked and exits 0.
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')

# What a header belongs to, by the start of its path. Order matters: the
# first match wins.
OWNERS = [
    # Every layer's test helpers, wherever they live.
    (re.compile(r"^(common|eventstore|services/\w+|clients/cpp)/testing/"), "testing"),
    ("eventstore/sqlite/", "eventstore-sqlite"),
    ("eventstore/postgresql/", "eventstore-postgresql"),
    ("eventstore/bench/", "eventstore-bench"),
    ("eventstore/", "eventstore"),
    ("common/", "common"),
    ("services/domain/", "domain"),
    ("services/projection/", "projection"),
    ("services/server/", "server"),
    ("services/chanceryd/", "chanceryd"),
    ("services/migrate/", "migrate"),
    ("services/bench/", "bench"),
    ("clients/cpp/client/", "client"),
    ("clients/cpp/", "cli"),
    ("tests/", "tests"),
    ("fuzz/", "fuzz"),
    ("chancery/v1/", "proto"),
    ("chancery/", "client"),  # The client library's public headers: <chancery/client.h>.
    ("google/type/", "proto"),
    ("google/api/", "proto"),
    ("google/rpc/", "proto"),
    ("health/v1/", "grpc"),
    ("grpc/reflection/", "grpc"),
    ("grpcpp/", "grpc"),
    ("grpc/", "grpc"),
    ("sqlite3.h", "sqlite"),
    ("libpq-fe.h", "libpq"),
]
GRPC_STUB = re.compile(r"\.grpc\.pb\.h$")

# The layers, lowest first: a folder, what it may include besides itself,
# and why the rest is out of bounds. Layers not named here (the C++ standard
# library, Abseil, protobuf's runtime, OpenSSL, zlib) are open to all.
LAYERS = {
    "common": ("common/", set()),
    "eventstore": ("eventstore/", {"common", "eventstore-sqlite", "sqlite",
                                   "eventstore-postgresql", "libpq"}),
    "domain": ("services/domain/", {"common", "proto"}),
    "projection": ("services/projection/", {"common", "domain", "proto"}),
    "server": ("services/server/",
               {"common", "eventstore", "domain", "projection", "proto", "grpc"}),
    # The offline tools (chancery-migrate, chancery-restore) reach the stores through their
    # public interface only.
    "migrate": ("services/migrate/", {"common", "eventstore"}),
    "chanceryd": ("services/chanceryd/",
                  {"common", "eventstore", "domain", "projection", "server", "proto", "grpc"}),
    "bench": ("services/bench/", {"common", "eventstore", "eventstore-bench", "domain",
                                  "projection", "server", "client", "cli", "proto", "grpc",
                                  "testing"}),
    "eventstore-bench": ("eventstore/bench/",
                         {"common", "eventstore", "eventstore-sqlite", "sqlite", "libpq",
                          "testing"}),
    "client": ("clients/cpp/client/", {"proto", "grpc"}),
    "cli": ("clients/cpp/", {"common", "domain", "client", "proto", "grpc"}),
    # A fuzz target calls a parser directly, whichever layer it is in.
    "fuzz": ("fuzz/", {"common", "eventstore", "domain", "projection", "server", "client", "cli",
                       "proto", "grpc"}),
}
# eventstore/sqlite and eventstore/postgresql are the inside of the eventstore layer.
PART_OF = {"eventstore-sqlite": "eventstore", "eventstore-postgresql": "eventstore"}
# What a test may reach besides its layer's own allowance.
TEST_EXTRAS = {"testing", "eventstore-sqlite", "sqlite", "eventstore-postgresql", "libpq", "tests",
               "grpc"}


def owner_of(header):
    for prefix, owner in OWNERS:
        if prefix.match(header) if isinstance(prefix, re.Pattern) else header.startswith(prefix):
            return "grpc" if owner == "proto" and GRPC_STUB.search(header) else owner
    return None


def layer_of(path):
    """The layer a source file belongs to, by the most specific folder."""
    best = None
    for name, (folder, _) in LAYERS.items():
        if path.startswith(folder) and (best is None or len(folder) > len(LAYERS[best][0])):
            best = name
    return best


def is_test(path):
    return path.endswith("_test.cc") or "/testing/" in path


def check_file(path, text):
    """Yields (line number, header, reason) for each forbidden include."""
    layer = layer_of(path)
    if layer is None:
        return
    allowed = set(LAYERS[layer][1]) | {layer}
    if is_test(path):
        allowed |= TEST_EXTRAS
    for number, line in enumerate(text.splitlines(), 1):
        match = INCLUDE.match(line)
        if not match:
            continue
        header = match.group(1)
        owner = owner_of(header)
        if owner is None or owner in allowed or PART_OF.get(owner) == layer:
            continue
        if owner in PART_OF and PART_OF[owner] in allowed:
            reason = f"{owner} is {PART_OF[owner]}'s inside; use its public headers"
        else:
            reason = f"the {layer} layer may not use {owner}"
        yield number, header, reason


def source_files(root):
    for folder in sorted({folder for folder, _ in LAYERS.values()}):
        for directory, dirs, files in os.walk(os.path.join(root, folder)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".h", ".cc", ".cc.in")):
                    full = os.path.join(directory, name)
                    yield os.path.relpath(full, root).replace(os.sep, "/"), full


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    crossings = 0
    files = 0
    seen = set()
    for path, full in source_files(root):
        if path in seen:  # A folder nested in another layer's is walked twice.
            continue
        seen.add(path)
        files += 1
        with open(full, encoding="utf-8") as source:
            for number, header, reason in check_file(path, source.read()):
                print(f"{path}:{number}: includes '{header}': {reason}")
                crossings += 1
    if crossings:
        print(f"{crossings} include(s) cross a layer's wall (tests/layering/check_layers.py "
              "says which layer may use which)")
        return 1
    print(f"checked the includes of {files} files: no layer crosses its walls")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
