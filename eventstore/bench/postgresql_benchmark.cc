// The PostgreSQL store against raw libpq, in one run (issue 15's figures):
//   1. 20,000 events of ~300 bytes appended in batches of 100, against raw
//      INSERTs of the same rows, one transaction per batch, into a table of
//      the same schema and indexes;
//   2. single-event appends from 64 threads over two replicas (two stores on
//      one database), against raw INSERTs from 64 connections, one
//      transaction per event;
//   3. single-event appends from 1 and from 8 threads over 64 streams, the
//      figures Message DB is known by.
// It starts a private PostgreSQL server (scripts/postgres-private) in the
// working directory, so that it sits on the disk being measured, unless
// CHANCERY_BENCH_POSTGRES names a server's URI (its database "postgres" is
// used to create one database per run):
//   build/bin/postgresql_benchmark

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "benchmark/benchmark.h"
#include "eventstore/bench/ratio_reporter.h"
#include "eventstore/hash_chain.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/private_postgres.h"

namespace chancery::bench {
namespace {

using eventstore::AppendRequest;
using eventstore::Durability;
using eventstore::EventData;
using eventstore::EventStore;
using eventstore::ExpectedRevision;

constexpr int kBatchedEvents = 20000;
constexpr int kBatchSize = 100;
constexpr int kSingleEvents = 6000;
constexpr int kStreams = 64;

struct Row {
  std::string stream;
  EventData data;
};

const std::vector<Row>& Rows() {
  static const auto* rows = [] {
    std::mt19937_64 random(42);
    auto* rows = new std::vector<Row>(kBatchedEvents);
    for (int i = 0; i < kBatchedEvents; ++i) {
      std::string payload(300, ' ');
      for (char& c : payload) c = static_cast<char>('a' + random() % 26);
      (*rows)[i].stream = absl::StrCat("S", i % kStreams);
      (*rows)[i].data = {absl::StrCat("00000000-0000-4000-8000-", 100000000000 + i),
                         "bench.Event", std::move(payload), 1574726400000000 + i};
    }
    return rows;
  }();
  return *rows;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "postgresql_benchmark: %s\n", what.c_str());
  std::abort();
}

// The server: its URI with DATABASE in place of the database's name.
std::string server_uri;

std::string UriOf(const std::string& database) {
  return absl::StrReplaceAll(server_uri, {{"DATABASE", database}});
}

void Exec(PGconn* connection, const std::string& sql) {
  PGresult* result = PQexec(connection, sql.c_str());
  if (PQresultStatus(result) != PGRES_COMMAND_OK && PQresultStatus(result) != PGRES_TUPLES_OK) {
    Die(absl::StrCat(sql.substr(0, 80), ": ", PQerrorMessage(connection)));
  }
  PQclear(result);
}

PGconn* Connect(const std::string& uri) {
  PGconn* connection = PQconnectdb(uri.c_str());
  if (PQstatus(connection) != CONNECTION_OK) Die(PQerrorMessage(connection));
  return connection;
}

// FreshDatabase: a new empty database's URI.
std::string FreshDatabase() {
  static int next = 0;
  const std::string name = absl::StrCat("bench_", next++);
  PGconn* admin = Connect(UriOf("postgres"));
  Exec(admin, absl::StrCat("DROP DATABASE IF EXISTS ", name));
  Exec(admin, absl::StrCat("CREATE DATABASE ", name));
  PQfinish(admin);
  return UriOf(name);
}

std::unique_ptr<EventStore> OpenStore(const std::string& uri) {
  auto store = eventstore::OpenEventStore(uri, Durability::kFull);
  if (!store.ok()) Die(store.status().ToString());
  return std::move(*store);
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void ReportRate(benchmark::State& state, int64_t events, double seconds) {
  state.SetIterationTime(seconds);
  state.counters[kRateCounter] = events / seconds;
}

// The raw table: the store's columns and indexes (eventstore/postgresql/schema.cc),
// positions from a sequence as a plain application would take them.
constexpr char kRawTable[] = R"sql(
CREATE TABLE raw_events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id text NOT NULL UNIQUE,
  stream text NOT NULL, revision bigint NOT NULL, event_type text NOT NULL,
  valid_time bigint NOT NULL, recorded_time bigint NOT NULL, payload bytea NOT NULL,
  hash bytea NOT NULL, recorded_by text NOT NULL DEFAULT '',
  correlation_id text NOT NULL DEFAULT '', causation_id text NOT NULL DEFAULT '',
  UNIQUE (stream, revision));
CREATE INDEX ON raw_events (valid_time);
CREATE INDEX ON raw_events (recorded_time);
)sql";

// RawInsert inserts rows[i] (its hash chained beforehand) with a prepared statement.
void RawInsert(PGconn* connection, const Row& row, int64_t revision, const std::string& hash) {
  const std::string revision_text = absl::StrCat(revision);
  const std::string valid_time = absl::StrCat(row.data.valid_time_us);
  const std::string now = absl::StrCat(row.data.valid_time_us + 1);
  const char* values[] = {row.data.event_id.c_str(), row.stream.c_str(), revision_text.c_str(),
                          row.data.event_type.c_str(), valid_time.c_str(), now.c_str(),
                          row.data.payload.data(), hash.data()};
  const int lengths[] = {0, 0, 0, 0, 0, 0, static_cast<int>(row.data.payload.size()),
                         static_cast<int>(hash.size())};
  const int formats[] = {0, 0, 0, 0, 0, 0, 1, 1};
  PGresult* result = PQexecPrepared(connection, "insert", 8, values, lengths, formats, 0);
  if (PQresultStatus(result) != PGRES_COMMAND_OK) Die(PQerrorMessage(connection));
  PQclear(result);
}

void PrepareRawInsert(PGconn* connection) {
  PGresult* prepared = PQprepare(
      connection, "insert",
      "INSERT INTO raw_events (event_id, stream, revision, event_type, valid_time, "
      "recorded_time, payload, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      8, nullptr);
  if (PQresultStatus(prepared) != PGRES_COMMAND_OK) Die(PQerrorMessage(connection));
  PQclear(prepared);
}

// Hashes: each row's chain hash, computed before any clock starts.
const std::vector<std::string>& Hashes() {
  static const auto* hashes = [] {
    auto* hashes = new std::vector<std::string>();
    std::string previous = eventstore::GenesisHash();
    for (int i = 0; i < kBatchedEvents; ++i) {
      previous = eventstore::ChainHash(previous, i + 1, Rows()[i].stream, i, Rows()[i].data, 0);
      hashes->push_back(previous);
    }
    return hashes;
  }();
  return *hashes;
}

void BM_StoreBatchedAppend(benchmark::State& state) {
  for (auto _ : state) {
    auto store = OpenStore(FreshDatabase());
    std::vector<AppendRequest> requests(kBatchedEvents / kBatchSize);
    for (int i = 0; i < kBatchedEvents; ++i) {
      AppendRequest& request = requests[i / kBatchSize];
      if (request.streams.empty()) {
        request.streams.push_back(
            {absl::StrCat("B", i / kBatchSize % kStreams), ExpectedRevision::Any(), {}});
      }
      request.streams[0].events.push_back(Rows()[i].data);
    }
    auto start = std::chrono::steady_clock::now();
    for (AppendRequest& request : requests) {
      if (!store->Append(std::move(request)).ok()) Die("append failed");
    }
    ReportRate(state, kBatchedEvents, Seconds(start));
  }
}

void BM_RawLibpqBatchedInsert(benchmark::State& state) {
  for (auto _ : state) {
    PGconn* connection = Connect(FreshDatabase());
    Exec(connection, kRawTable);
    PrepareRawInsert(connection);
    auto start = std::chrono::steady_clock::now();
    for (int first = 0; first < kBatchedEvents; first += kBatchSize) {
      Exec(connection, "BEGIN");
      for (int i = first; i < first + kBatchSize; ++i) RawInsert(connection, Rows()[i], i, Hashes()[i]);
      Exec(connection, "COMMIT");
    }
    ReportRate(state, kBatchedEvents, Seconds(start));
    PQfinish(connection);
  }
}

// Single-event appends from `threads` threads spread over `replicas` stores.
void StoreSingleAppends(benchmark::State& state, int threads, int replicas) {
  for (auto _ : state) {
    const std::string uri = FreshDatabase();
    std::vector<std::unique_ptr<EventStore>> stores;
    for (int r = 0; r < replicas; ++r) stores.push_back(OpenStore(uri));
    std::atomic<int> next{0};
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        EventStore& store = *stores[t % replicas];
        for (int i = next++; i < kSingleEvents; i = next++) {
          AppendRequest request;
          request.streams.push_back({Rows()[i].stream, ExpectedRevision::Any(), {Rows()[i].data}});
          if (!store.Append(std::move(request)).ok()) Die("append failed");
        }
      });
    }
    for (std::thread& worker : workers) worker.join();
    ReportRate(state, kSingleEvents, Seconds(start));
  }
}

void BM_StoreSingleAppends64ThreadsTwoReplicas(benchmark::State& state) {
  StoreSingleAppends(state, 64, 2);
}
void BM_StoreSingleAppends1Thread(benchmark::State& state) { StoreSingleAppends(state, 1, 1); }
void BM_StoreSingleAppends8Threads(benchmark::State& state) { StoreSingleAppends(state, 8, 1); }

void BM_RawLibpqSingleInsert64Connections(benchmark::State& state) {
  for (auto _ : state) {
    const std::string uri = FreshDatabase();
    PGconn* setup = Connect(uri);
    Exec(setup, kRawTable);
    PQfinish(setup);
    std::vector<PGconn*> connections;
    for (int t = 0; t < 64; ++t) {
      connections.push_back(Connect(uri));
      PrepareRawInsert(connections.back());
    }
    std::atomic<int> next{0};
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (PGconn* connection : connections) {
      workers.emplace_back([&, connection] {
        for (int i = next++; i < kSingleEvents; i = next++) {
          RawInsert(connection, Rows()[i], i, Hashes()[i]);  // Autocommit: one transaction each.
        }
      });
    }
    for (std::thread& worker : workers) worker.join();
    ReportRate(state, kSingleEvents, Seconds(start));
    for (PGconn* connection : connections) PQfinish(connection);
  }
}

BENCHMARK(BM_StoreBatchedAppend)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_RawLibpqBatchedInsert)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_StoreSingleAppends64ThreadsTwoReplicas)
    ->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_RawLibpqSingleInsert64Connections)
    ->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_StoreSingleAppends1Thread)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_StoreSingleAppends8Threads)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace chancery::bench

int main(int argc, char** argv) {
  using namespace chancery::bench;
  std::unique_ptr<chancery::testing::PrivatePostgres> server;
  if (const char* given = std::getenv("CHANCERY_BENCH_POSTGRES"); given != nullptr) {
    server_uri = absl::StrReplaceAll(given, {{"/postgres?", "/DATABASE?"}});
  } else {
    // In the working directory, so that it sits on the disk being measured.
    auto launched = chancery::testing::PrivatePostgres::Launch(".");
    if (!launched.ok()) Die(std::string(launched.status().message()));
    server = *std::move(launched);
    server_uri = absl::StrReplaceAll(server->uri(), {{":///chancery?", ":///DATABASE?"}});
  }
  Rows();
  Hashes();
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter({
      {"BM_StoreBatchedAppend", "BM_RawLibpqBatchedInsert",
       "1. batched append / raw libpq inserts, a transaction per batch", 0.7},
      {"BM_StoreSingleAppends64ThreadsTwoReplicas", "BM_RawLibpqSingleInsert64Connections",
       "2. 64 appenders over 2 replicas / raw libpq, a transaction per event", 3.0},
  });
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios();
  benchmark::Shutdown();
  return 0;
}
