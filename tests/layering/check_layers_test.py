#!/usr/bin/env python3
"""Tests of check_layers.py: it must flag each kind of crossing, and only those."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_layers  # noqa: E402


def crossings(path, *headers):
    text = "\n".join(f'#include "{header}"' for header in headers)
    return [header for _, header, _ in check_layers.check_file(path, text)]


class CheckLayersTest(unittest.TestCase):
    def test_a_layer_may_use_itself_and_the_layers_below(self):
        self.assertEqual(crossings("services/server/x.cc", "services/server/y.h",
                                   "services/projection/fold_event.h", "eventstore/event_store.h",
                                   "chancery/v1/event.pb.h", "common/hmac.h"), [])

    def test_a_layer_may_not_use_a_layer_above_it(self):
        self.assertEqual(crossings("services/projection/x.cc", "services/server/projections.h"),
                         ["services/server/projections.h"])
        self.assertEqual(crossings("eventstore/x.cc", "services/domain/day.h"),
                         ["services/domain/day.h"])

    def test_projections_and_the_domain_use_no_grpc(self):
        for path in ("services/projection/x.cc", "services/domain/x.h"):
            self.assertEqual(
                crossings(path, "grpcpp/grpcpp.h", "chancery/v1/event_log_service.grpc.pb.h",
                          "chancery/v1/event.pb.h"),
                ["grpcpp/grpcpp.h", "chancery/v1/event_log_service.grpc.pb.h"])

    def test_only_the_store_uses_sqlite_and_its_inside(self):
        self.assertEqual(crossings("eventstore/sqlite/x.cc", "sqlite3.h"), [])
        self.assertEqual(crossings("eventstore/postgresql/x.cc", "libpq-fe.h"), [])
        self.assertEqual(crossings("services/server/x.cc", "sqlite3.h",
                                   "eventstore/sqlite/sqlite_event_store.h", "libpq-fe.h",
                                   "eventstore/postgresql/connection.h"),
                         ["sqlite3.h", "eventstore/sqlite/sqlite_event_store.h", "libpq-fe.h",
                          "eventstore/postgresql/connection.h"])

    def test_the_cli_uses_no_service_internals(self):
        self.assertEqual(crossings("clients/cpp/x.cc", "services/domain/cameo_codebook.h",
                                   "services/server/rpc_status.h", "eventstore/event.h"),
                         ["services/server/rpc_status.h", "eventstore/event.h"])

    def test_the_client_library_stands_on_the_api_alone(self):
        self.assertEqual(crossings("clients/cpp/client/client.cc", "chancery/client.h",
                                   "chancery/v1/relations_service.grpc.pb.h", "grpcpp/grpcpp.h"),
                         [])
        self.assertEqual(crossings("clients/cpp/client/client.cc", "services/domain/day.h",
                                   "clients/cpp/rpc_error.h", "common/hmac.h"),
                         ["services/domain/day.h", "clients/cpp/rpc_error.h", "common/hmac.h"])
        self.assertEqual(crossings("clients/cpp/watch_command.cc", "chancery/client.h"), [])

    def test_benchmarks_use_public_interfaces_baselines_and_testing_helpers(self):
        self.assertEqual(crossings("services/bench/x.cc", "services/server/projections.h",
                                   "eventstore/bench/raw_sqlite_baseline.h",
                                   "eventstore/testing/temp_dir.h"), [])
        self.assertEqual(crossings("services/bench/x.cc", "sqlite3.h", "tests/support/x.h",
                                   "eventstore/sqlite/schema.h"),
                         ["sqlite3.h", "tests/support/x.h", "eventstore/sqlite/schema.h"])

    def test_tests_may_reach_insides_and_helpers(self):
        self.assertEqual(crossings("services/server/x_test.cc", "sqlite3.h",
                                   "eventstore/sqlite/sqlite_event_store.h",
                                   "eventstore/testing/fault_vfs.h"), [])
        self.assertEqual(crossings("services/server/x.cc", "eventstore/testing/fault_vfs.h"),
                         ["eventstore/testing/fault_vfs.h"])

    def test_system_and_library_headers_are_open_to_all(self):
        self.assertEqual(crossings("common/x.cc", "absl/strings/str_cat.h", "string",
                                   "google/protobuf/message.h", "openssl/evp.h"), [])

    def test_angle_brackets_count_too(self):
        found = check_layers.check_file("services/domain/x.cc", "#include <sqlite3.h>\n")
        self.assertEqual([header for _, header, _ in found], ["sqlite3.h"])


if __name__ == "__main__":
    unittest.main()
