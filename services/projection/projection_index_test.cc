#include "services/projection/projection_index.h"

#include <algorithm>
#include <random>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "services/projection/relationship_queries.h"
#include "services/projection/snapshot.h"

namespace chancery::projection {
namespace {

std::string IdFor(int n) { return absl::StrFormat("00000000-0000-4000-8000-%012d", n); }

v1::LogRecord EventRecord(uint64_t position, const std::string& source, const std::string& target,
                          int32_t day, const std::string& code, double goldstein, int id) {
  v1::LogRecord record;
  record.set_position(position);
  record.set_stream(source < target ? source + "-" + target : target + "-" + source);
  record.mutable_record_time()->set_seconds(1000 + static_cast<int64_t>(position));
  v1::DiplomaticEvent* event = record.mutable_event();
  event->set_event_id(IdFor(id));
  *event->mutable_occur_date() = domain::Day::FromNumber(day).date();
  event->mutable_source()->set_code(source);
  event->mutable_target()->set_code(target);
  event->set_cameo_code(code);
  event->set_goldstein(goldstein);
  event->set_quad_class(goldstein >= 0 ? v1::QUAD_CLASS_VERBAL_COOPERATION
                                       : v1::QUAD_CLASS_MATERIAL_CONFLICT);
  return record;
}

v1::LogRecord RetractionRecord(uint64_t position, const std::string& stream, int id) {
  v1::LogRecord record;
  record.set_position(position);
  record.set_stream(stream);
  record.mutable_record_time()->set_seconds(1000 + static_cast<int64_t>(position));
  record.mutable_retraction()->set_retracted_event_id(IdFor(id));
  record.mutable_retraction()->set_reason("misreported");
  return record;
}

// An observation of representation between `a` and `b` (alphabetical).
v1::LogRecord ObservationRecord(uint64_t position, const std::string& a, const std::string& b,
                                int32_t day, v1::ObservedRepresentation a_in_b,
                                v1::ObservedRepresentation b_in_a, int id) {
  v1::LogRecord record;
  record.set_position(position);
  record.set_stream(a + "-" + b);
  record.mutable_record_time()->set_seconds(1000 + static_cast<int64_t>(position));
  v1::RepresentationObservation* observation = record.mutable_observation();
  observation->set_observation_id(IdFor(id));
  *observation->mutable_observe_date() = domain::Day::FromNumber(day).date();
  observation->set_a_code(a);
  observation->set_b_code(b);
  observation->set_a_in_b(a_in_b);
  observation->set_b_in_a(b_in_a);
  return record;
}

// Apply adds `record` to `index` the way the server does, by its payload.
absl::Status Apply(ProjectionIndex& index, const v1::LogRecord& record) {
  const int64_t time_us =
      record.record_time().seconds() * 1000000 + record.record_time().nanos() / 1000;
  switch (record.payload_case()) {
    case v1::LogRecord::kEvent:
      return index.ApplyFoldEvent(
          time_us, record.stream(),
          ToFoldEvent(record.event(), record.position(), record.stream().substr(0, 3)));
    case v1::LogRecord::kRetraction:
      return index.ApplyRetraction(record.position(), time_us, record.stream(),
                                   record.retraction());
    case v1::LogRecord::kObservation:
      return index.ApplyFoldEvent(time_us, record.stream(),
                                  ToFoldEvent(record.observation(), record.position()));
    default:
      return index.ApplyOther(record.position(), time_us);
  }
}

TEST(ProjectionIndex, KeepsEventsInDateOrderWhateverTheRecordingOrder) {
  ProjectionIndex index;
  ASSERT_TRUE(Apply(index, EventRecord(1, "USA", "KHM", 200, "042", 1.9, 1)).ok());
  ASSERT_TRUE(Apply(index, EventRecord(2, "KHM", "USA", 100, "036", 4, 2)).ok());
  ASSERT_TRUE(Apply(index, EventRecord(3, "KHM", "USA", 200, "163", -8, 3)).ok());
  ASSERT_NE(index.Events("KHM-USA"), nullptr);
  const std::vector<FoldEvent> events_in_order(index.Events("KHM-USA")->begin(),
                                               index.Events("KHM-USA")->end());
  const std::vector<FoldEvent>* events = &events_in_order;
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].position, 2u);
  EXPECT_EQ((*events)[1].position, 1u);
  EXPECT_EQ((*events)[2].position, 3u);
  EXPECT_FALSE((*events)[1].source_is_a);  // USA is KHM-USA's second code.
  EXPECT_TRUE((*events)[0].source_is_a);
  EXPECT_EQ(index.DyadsOf("USA"), std::vector<std::string>{"KHM-USA"});
}

TEST(ProjectionIndex, RefusesPositionsOutOfOrder) {
  ProjectionIndex index;
  EXPECT_EQ(Apply(index, EventRecord(2, "USA", "KHM", 1, "042", 1.9, 1)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(index.head(), 0u);
}

TEST(ProjectionIndex, RetractionHidesTheEventOnlyFromQueriesThatKnowOfIt) {
  ProjectionIndex index;
  ASSERT_TRUE(Apply(index, EventRecord(1, "USA", "KHM", 10, "163", -8, 1)).ok());
  ASSERT_TRUE(Apply(index, RetractionRecord(2, "KHM-USA", 1)).ok());
  const ModelSettings settings;
  EXPECT_EQ(FoldAt(index.Events("KHM-USA"), {domain::Day::FromNumber(10), 1}, settings).event_count, 1);
  EXPECT_EQ(FoldAt(index.Events("KHM-USA"), {domain::Day::FromNumber(10), 2}, settings).event_count, 0);
  EXPECT_EQ(FoldAt(index.Events("KHM-USA"), {domain::Day::FromNumber(9), 1}, settings).event_count, 0);
}

TEST(ProjectionIndex, PositionAtMapsATimeToTheLastRecordByThen) {
  ProjectionIndex index;
  ASSERT_TRUE(index.ApplyOther(1, 100).ok());
  ASSERT_TRUE(index.ApplyOther(2, 200).ok());
  ASSERT_TRUE(index.ApplyOther(3, 200).ok());
  EXPECT_EQ(index.PositionAt(99), 0u);
  EXPECT_EQ(index.PositionAt(100), 1u);
  EXPECT_EQ(index.PositionAt(250), 3u);
}

// Random histories: events out of date order, several on one day, the same
// event retracted twice, retractions of unknown ids, observations of
// representation (some retracted too).
std::vector<v1::LogRecord> RandomHistory(uint32_t seed, int count) {
  std::mt19937 random(seed);
  const std::vector<std::string> codes = {"USA", "KHM", "CHN"};
  const std::vector<std::pair<std::string, double>> cameo = {
      {"042", 1.9}, {"036", 4},  {"163", -8}, {"085", 7}, {"1212", -4},
      {"062", 7.4}, {"161", -4}, {"054", 6},  {"166", -7}, {"112", -2}};
  std::vector<v1::LogRecord> records;
  std::vector<std::pair<int, std::string>> recorded;  // id, stream.
  for (int i = 0; i < count; ++i) {
    const uint64_t position = records.size() + 1;
    if (!recorded.empty() && random() % 6 == 0) {
      const auto& [id, stream] = recorded[random() % recorded.size()];
      records.push_back(RetractionRecord(position, stream, id));
      continue;
    }
    const std::string& source = codes[random() % codes.size()];
    const std::string& target = codes[random() % codes.size()];
    if (source != target && random() % 8 == 0) {
      const auto level = [&random] {
        return static_cast<v1::ObservedRepresentation>(random() % 6);  // Unobserved to OTHER.
      };
      const int id = static_cast<int>(position);
      records.push_back(ObservationRecord(position, std::min(source, target),
                                          std::max(source, target),
                                          static_cast<int32_t>(random() % 400),
                                          level(), v1::OBSERVED_REPRESENTATION_AMBASSADOR, id));
      recorded.emplace_back(id, records.back().stream());
      continue;
    }
    const auto& [code, goldstein] = cameo[random() % cameo.size()];
    const int id = static_cast<int>(position);
    records.push_back(EventRecord(position, source, target,
                                  static_cast<int32_t>(random() % 400), code, goldstein, id));
    recorded.emplace_back(id, records.back().stream());
  }
  return records;
}

// The definition, folded naively: the prefix known at `known_at`, minus
// its retracted events, those dated by `as_of`, sorted by date then position.
RelationshipState ReferenceFold(const std::vector<v1::LogRecord>& records,
                                const std::string& stream, int32_t as_of, uint64_t known_at) {
  absl::flat_hash_set<std::string> retracted;
  for (uint64_t p = 1; p <= known_at; ++p) {
    const v1::LogRecord& record = records[p - 1];
    if (record.has_retraction()) retracted.insert(record.retraction().retracted_event_id());
  }
  std::vector<FoldEvent> seen;
  for (uint64_t p = 1; p <= known_at; ++p) {
    const v1::LogRecord& record = records[p - 1];
    if (record.stream() != stream) continue;
    FoldEvent event;
    if (record.has_event() && !retracted.contains(record.event().event_id())) {
      event = ToFoldEvent(record.event(), p, stream.substr(0, 3));
    } else if (record.has_observation() &&
               !retracted.contains(record.observation().observation_id())) {
      event = ToFoldEvent(record.observation(), p);
    } else {
      continue;
    }
    if (event.day.number() <= as_of) seen.push_back(event);
  }
  std::sort(seen.begin(), seen.end());
  RelationshipFold fold{ModelSettings{}};
  for (const FoldEvent& event : seen) fold.Apply(event);
  return fold.At(domain::Day::FromNumber(as_of));
}

ProjectionIndex Build(const std::vector<v1::LogRecord>& records, size_t from = 0,
                      ProjectionIndex index = {}) {
  for (size_t i = from; i < records.size(); ++i) EXPECT_TRUE(Apply(index, records[i]).ok());
  return index;
}

class ProjectionProperty : public ::testing::TestWithParam<uint32_t> {};

TEST_P(ProjectionProperty, IncrementalRestartRebuildAndPrefixFoldAgree) {
  const std::vector<v1::LogRecord> records = RandomHistory(GetParam(), 300);
  const ProjectionIndex live = Build(records);

  // Rebuilt from scratch: the same index.
  EXPECT_TRUE(Build(records) == live);

  // Restarted: a snapshot taken halfway, then the tail replayed.
  const chancery::testing::TempDir directory;
  const std::string path = directory.File("property.projections");
  const std::string secret(32, 'k');
  ASSERT_TRUE(
      SaveSnapshot(path, Build({records.begin(), records.begin() + 150}), "hash", secret).ok());
  absl::StatusOr<Snapshot> snapshot = LoadSnapshot(path, secret);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  EXPECT_EQ(snapshot->last_hash, "hash");
  EXPECT_TRUE(Build(records, 150, std::move(snapshot->index)) == live);

  // Any as-of / known-at pair folds to what the definition says.
  std::mt19937 random(GetParam() * 7919);
  const ModelSettings settings;
  for (int trial = 0; trial < 200; ++trial) {
    const uint64_t known_at = random() % (records.size() + 1);
    const int32_t as_of = static_cast<int32_t>(random() % 420);
    for (const std::string stream : {"CHN-KHM", "KHM-USA", "CHN-USA", "KHM"}) {
      const RelationshipState expected = ReferenceFold(records, stream, as_of, known_at);
      const RelationshipState actual = FoldAt(live.Events(stream), {domain::Day::FromNumber(as_of), known_at}, settings);
      ASSERT_TRUE(actual == expected)
          << "stream " << stream << " as of day " << as_of << " known at " << known_at
          << ": status " << actual.status << " vs " << expected.status << ", score "
          << actual.score << " vs " << expected.score;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ProjectionProperty, ::testing::Range(1u, 21u));

}  // namespace
}  // namespace chancery::projection
