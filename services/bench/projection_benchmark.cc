// The projections against the log they fold, in one run (issue #4's figures):
//
//   rebuild      all projections from a log of N events (default 1,000,000
//                over 20,000 dyads), events/s, against raw SQLite reading the
//                same rows (every column the rebuild uses) in the same run;
//   as-of query  GetRelationship for a random dyad at a random date, p50/p99:
//                its handler in process (fold, state, last event read from
//                the store), and over gRPC from a chanceryd on the same log;
//   memory       resident size before and after the projections are loaded;
//   snapshot     time to write and to load it, and its size.
//
// Usage: projection_benchmark [EVENTS [DYADS]]

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/bench/raw_sqlite_baseline.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/temp_dir.h"
#include "services/domain/actor_codes.h"
#include "services/domain/calendar_date.h"
#include "services/domain/day.h"
#include "services/projection/fold_event.h"
#include "services/projection/snapshot.h"
#include "services/server/projections.h"
#include "services/server/record_events.h"
#include "services/server/relationship_reads.h"
#include "services/bench/load_support.h"

namespace chancery::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}


double ResidentMiB() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20);
}

// Codes with their Goldstein values: structural ones and everyday ones.
const std::vector<std::pair<std::string, double>>& Codes() {
  static const auto* codes = new std::vector<std::pair<std::string, double>>{
      {"036", 4},   {"042", 1.9}, {"043", 2.8}, {"057", 8},   {"061", 6.4}, {"071", 7.4},
      {"111", -2},  {"112", -2},  {"163", -8},  {"1212", -4}, {"085", 7},   {"161", -4},
      {"054", 6},   {"173", -5},  {"141", -6.5}, {"020", 3}};
  return *codes;
}

std::vector<std::pair<std::string, std::string>> Dyads(int count) {
  const auto& actors = domain::ActorRegistry::Default().actors();
  std::vector<std::pair<std::string, std::string>> dyads;
  for (size_t i = 0; i < actors.size() && static_cast<int>(dyads.size()) < count; ++i) {
    for (size_t j = i + 1; j < actors.size() && static_cast<int>(dyads.size()) < count; ++j) {
      dyads.emplace_back(actors[i].code, actors[j].code);
    }
  }
  if (static_cast<int>(dyads.size()) < count) Die("not enough actor codes for that many dyads");
  return dyads;
}

// FillLog appends `events` events over `dyads` dyads, dated 1990-2020.
void FillLog(eventstore::EventStore& store, int events, int dyads) {
  const auto pairs = Dyads(dyads);
  std::mt19937 random(42);
  constexpr int kBatch = 2000;
  for (int first = 0; first < events; first += kBatch) {
    eventstore::AppendRequest request;
    for (int i = first; i < std::min(events, first + kBatch); ++i) {
      const auto& [a, b] = pairs[random() % pairs.size()];
      const auto& [code, goldstein] = Codes()[random() % Codes().size()];
      v1::DiplomaticEvent event;
      event.set_event_id(absl::StrFormat("%08x-0000-4000-8000-%012x", 7, i));
      *event.mutable_occur_date() = domain::Day::FromNumber(7305 + random() % 10957).date();
      const bool forwards = random() % 2 == 0;
      event.mutable_source()->set_code(forwards ? a : b);
      event.mutable_target()->set_code(forwards ? b : a);
      event.set_cameo_code(code);
      event.set_summary("Benchmark event");
      server::PlannedRecord record = server::PlanRecord(std::move(event));
      request.streams.push_back(
          {std::move(record.stream), eventstore::ExpectedRevision::Any(), {std::move(record.data)}});
    }
    absl::StatusOr<eventstore::AppendResult> appended = store.Append(std::move(request));
    if (!appended.ok()) Die(appended.status().ToString());
  }
}

// TimeQueries sends 20,000 GetRelationship requests for random dyads at
// random dates through `query` and prints the latency percentiles.
void TimeQueries(const char* how, int dyads,
                 const std::function<grpc::Status(const v1::GetRelationshipRequest&)>& query) {
  const auto pairs = Dyads(dyads);
  std::mt19937 random(7);
  std::vector<double> micros;
  constexpr int kQueries = 20000;
  for (int i = 0; i < kQueries; ++i) {
    const auto& [a, b] = pairs[random() % pairs.size()];
    v1::GetRelationshipRequest request;
    request.set_dyad(a + "-" + b);
    *request.mutable_as_of_date() = domain::Day::FromNumber(7305 + random() % 11000).date();
    const auto query_start = Clock::now();
    grpc::Status status = query(request);
    micros.push_back(Seconds(query_start) * 1e6);
    if (!status.ok()) Die(status.error_message());
  }
  std::sort(micros.begin(), micros.end());
  std::printf("\n  GetRelationship as of a random date, %d queries %s:\n", kQueries, how);
  std::printf("    p50 %.0f us   p99 %.0f us   max %.0f us\n", micros[micros.size() / 2],
              micros[micros.size() * 99 / 100], micros.back());
}

// TimeTimeline times GetTimeline's monthly aggregates of the first dyad over
// the most months one request may ask (1,200: 1921-2020), against one
// GetRelationship of that dyad as of the range's end, which folds the same
// events once.
void TimeTimeline(const server::RelationshipReads& reads, int dyads) {
  const auto [a, b] = Dyads(dyads).front();
  v1::GetTimelineRequest timeline;
  timeline.set_dyad(a + "-" + b);
  *timeline.mutable_start_date() = domain::ToDate(absl::CivilDay(1921, 1, 1));
  *timeline.mutable_end_date() = domain::ToDate(absl::CivilDay(2020, 12, 31));
  timeline.set_page_size(1);
  v1::GetRelationshipRequest relationship;
  relationship.set_dyad(timeline.dyad());
  *relationship.mutable_as_of_date() = timeline.end_date();
  constexpr int kRounds = 5;
  double timeline_seconds = 0, relationship_seconds = 0;
  int64_t folded = 0;
  for (int round = 0; round < kRounds; ++round) {
    v1::GetTimelineResponse timeline_response;
    auto start = Clock::now();
    if (grpc::Status status = reads.GetTimeline(timeline, timeline_response); !status.ok()) {
      Die(status.error_message());
    }
    timeline_seconds += Seconds(start);
    v1::GetRelationshipResponse relationship_response;
    start = Clock::now();
    if (grpc::Status status = reads.GetRelationship(relationship, relationship_response);
        !status.ok()) {
      Die(status.error_message());
    }
    relationship_seconds += Seconds(start);
    folded = relationship_response.relationship().event_count();
  }
  std::printf("\n  GetTimeline of %s over 1,200 months (%lld events), mean of %d: %.1f ms; one "
              "GetRelationship of it: %.1f ms; ratio %.1f\n",
              timeline.dyad().c_str(), static_cast<long long>(folded), kRounds,
              timeline_seconds / kRounds * 1e3, relationship_seconds / kRounds * 1e3,
              timeline_seconds / relationship_seconds);
}

// RunTimeline times TimeTimeline on a log of `events` events in one dyad.
void RunTimeline(int events) {
  testing::TempDir dir;
  auto store = eventstore::OpenEventStore("sqlite:" + dir.File("timeline.db"),
                                          eventstore::Durability::kNormal);
  if (!store.ok()) Die(store.status().ToString());
  FillLog(**store, events, 1);
  server::Projections projections(projection::ModelSettings{}, dir.File("timeline.projections"));
  if (absl::Status loaded = projections.Load(**store); !loaded.ok()) Die(loaded.ToString());
  TimeTimeline(server::RelationshipReads(store->get(), &projections), 1);
}

int Run(const char* argv0, int events, int dyads) {
  testing::TempDir dir;
  const std::string path = dir.File("bench.db");
  std::printf("Projections: %d events over %d dyads (machine: %ld cores)\n\n", events, dyads,
              sysconf(_SC_NPROCESSORS_ONLN));
  {
    auto store = eventstore::OpenEventStore("sqlite:" + path, eventstore::Durability::kNormal);
    if (!store.ok()) Die(store.status().ToString());
    const auto start = Clock::now();
    FillLog(**store, events, dyads);
    std::printf("  log written in %.1f s\n", Seconds(start));
  }

  int64_t rows = 0;
  const double raw_seconds = eventstore::bench::RawScanSeconds(path, rows);
  auto store = eventstore::OpenEventStore("sqlite:" + path, eventstore::Durability::kNormal);
  if (!store.ok()) Die(store.status().ToString());

  const double rss_before = ResidentMiB();
  server::Projections projections(projection::ModelSettings{}, dir.File("bench.db.projections"));
  auto start = Clock::now();
  if (absl::Status loaded = projections.Load(**store); !loaded.ok()) Die(loaded.ToString());
  const double rebuild_seconds = Seconds(start);
  const double rss_after = ResidentMiB();

  const double raw_rate = rows / raw_seconds;
  const double rebuild_rate = projections.head() / rebuild_seconds;
  std::printf("\n  %-44s %12s\n", "", "events/s");
  std::printf("  %-44s %12.0f\n", "raw SQLite read of the same rows", raw_rate);
  std::printf("  %-44s %12.0f   ratio %.2f\n", "rebuild of all projections", rebuild_rate,
              rebuild_rate / raw_rate);

  // GetRelationship's handler at random dates, on random known dyads.
  server::RelationshipReads reads(store->get(), &projections);
  TimeQueries("in process", dyads, [&](const v1::GetRelationshipRequest& request) {
    v1::GetRelationshipResponse response;
    return reads.GetRelationship(request, response);
  });

  std::printf("\n  resident size: %.0f MiB before loading, %.0f MiB after (+%.0f MiB, %.0f bytes "
              "per event)\n",
              rss_before, rss_after, rss_after - rss_before,
              (rss_after - rss_before) * (1 << 20) / std::max<uint64_t>(projections.head(), 1));

  start = Clock::now();
  if (absl::Status saved = projections.SaveSnapshot(); !saved.ok()) Die(saved.ToString());
  const double save_seconds = Seconds(start);
  std::ifstream snapshot_file(dir.File("bench.db.projections"), std::ios::binary | std::ios::ate);
  const double snapshot_mib = static_cast<double>(snapshot_file.tellg()) / (1 << 20);
  server::Projections restarted(projection::ModelSettings{}, dir.File("bench.db.projections"));
  start = Clock::now();
  if (absl::Status loaded = restarted.Load(**store); !loaded.ok()) Die(loaded.ToString());
  std::printf("  snapshot: %.0f MiB, written in %.2f s, loaded (restart) in %.2f s\n",
              snapshot_mib, save_seconds, Seconds(start));

  // The same queries over gRPC, to a chanceryd on this log (which loads the
  // snapshot just written).
  store->reset();
  start = Clock::now();
  auto server = StartChanceryd(argv0, path);
  std::printf("  chanceryd on this log: listening %.2f s after start\n", Seconds(start));
  auto stub = v1::RelationsService::NewStub(server->NewChannel());
  TimeQueries("over gRPC", dyads, [&](const v1::GetRelationshipRequest& request) {
    grpc::ClientContext context;
    v1::GetRelationshipResponse response;
    return stub->GetRelationship(&context, request, &response);
  });
  // The widest timeline a request may ask for, on a dyad holding the whole log.
  RunTimeline(events);
  return 0;
}

}  // namespace
}  // namespace chancery::bench

int main(int argc, char** argv) {
  const int events = argc > 1 ? std::atoi(argv[1]) : 1000000;
  const int dyads = argc > 2 ? std::atoi(argv[2]) : 20000;
  return chancery::bench::Run(argv[0], events, dyads);
}
