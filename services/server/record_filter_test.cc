#include "services/server/record_filter.h"

#include "gtest/gtest.h"

namespace chancery::server {
namespace {

v1::LogRecord Record(const std::string& stream, const std::string& cameo_code) {
  v1::LogRecord record;
  record.set_stream(stream);
  record.mutable_event()->set_cameo_code(cameo_code);
  return record;
}

TEST(RecordFilterTest, AnEmptyFilterMatchesEverything) {
  RecordFilter filter{v1::LogFilter()};
  EXPECT_TRUE(filter.MatchesEverything());
  EXPECT_TRUE(filter.Matches(Record("KHM-USA", "036")));
}

TEST(RecordFilterTest, Streams) {
  v1::LogFilter proto;
  proto.add_streams("KHM-USA");
  RecordFilter filter(proto);
  EXPECT_TRUE(filter.Matches(Record("KHM-USA", "036")));
  EXPECT_FALSE(filter.Matches(Record("CHN-KHM", "036")));
  EXPECT_FALSE(filter.Matches(Record("KHM", "036")));
}

TEST(RecordFilterTest, ActorsMatchDyadsAndDomesticStreams) {
  v1::LogFilter proto;
  proto.add_actor_codes("KHM");
  RecordFilter filter(proto);
  EXPECT_TRUE(filter.Matches(Record("KHM-USA", "036")));
  EXPECT_TRUE(filter.Matches(Record("CHN-KHM", "036")));
  EXPECT_TRUE(filter.Matches(Record("KHM", "173")));
  EXPECT_FALSE(filter.Matches(Record("CHN-USA", "036")));
  EXPECT_FALSE(filter.Matches(Record("KH", "036"))) << "a code is matched whole";
}

TEST(RecordFilterTest, CameoPrefixes) {
  v1::LogFilter proto;
  proto.add_cameo_code_prefixes("19");
  proto.add_cameo_code_prefixes("036");
  RecordFilter filter(proto);
  EXPECT_TRUE(filter.Matches(Record("KHM-USA", "036")));
  EXPECT_TRUE(filter.Matches(Record("KHM-USA", "0361")));
  EXPECT_TRUE(filter.Matches(Record("KHM-USA", "193")));
  EXPECT_FALSE(filter.Matches(Record("KHM-USA", "03")));
  EXPECT_FALSE(filter.Matches(Record("KHM-USA", "057")));
}

TEST(RecordFilterTest, AllListsMustPass) {
  v1::LogFilter proto;
  proto.add_actor_codes("USA");
  proto.add_cameo_code_prefixes("03");
  RecordFilter filter(proto);
  EXPECT_TRUE(filter.Matches(Record("KHM-USA", "036")));
  EXPECT_FALSE(filter.Matches(Record("CHN-KHM", "036")));
  EXPECT_FALSE(filter.Matches(Record("KHM-USA", "057")));
}

TEST(RecordFilterTest, ARetractionMatchesByTheEventItRetracts) {
  v1::LogFilter proto;
  proto.add_cameo_code_prefixes("16");
  v1::LogRecord retraction;
  retraction.set_stream("KHM-USA");
  retraction.mutable_retraction()->set_retracted_event_id("sanction");
  auto codes = [](const v1::LogRecord& record) {
    return record.retraction().retracted_event_id() == "sanction" ? "163" : "";
  };
  EXPECT_TRUE(RecordFilter(proto, codes).Matches(retraction));
  retraction.mutable_retraction()->set_retracted_event_id("visit");
  EXPECT_FALSE(RecordFilter(proto, codes).Matches(retraction));
  EXPECT_FALSE(RecordFilter(proto).Matches(retraction)) << "no lookup, no match";
}

}  // namespace
}  // namespace chancery::server
