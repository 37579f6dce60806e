// Runs every vector of tests/conformance/vectors (one test each) against
// its own chanceryd, through the C++ CLI's client code.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "eventstore/testing/temp_dir.h"
#include "tests/conformance/cpp/proto_json.h"
#include "tests/conformance/cpp/vector_run.h"
#include "tests/conformance/cpp/vector_security.h"
#include "services/chanceryd/testing/read_file.h"

namespace chancery::conformance {
namespace {

const std::filesystem::path kVectors =
    std::filesystem::path(CHANCERY_SOURCE_DIR) / "tests/conformance/vectors";

// The names of the vectors: their file names without ".json".
std::vector<std::string> VectorNames() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kVectors)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ConformanceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ConformanceTest, Passes) {
  google::protobuf::Value vector;
  const std::string path = (kVectors / (GetParam() + ".json")).string();
  const absl::Status parsed = ParseJson(testing::ReadFile(path), &vector);
  ASSERT_TRUE(parsed.ok()) << path << ": " << parsed;
  const auto& fields = vector.struct_value().fields();
  ASSERT_TRUE(fields.contains("steps")) << path << " has no steps";
  const google::protobuf::Value& steps = fields.at("steps");

  testing::TempDir dir;
  const auto server = fields.find("server");
  absl::StatusOr<VectorSecurity> security = VectorSecurity::Make(
      server == fields.end() ? google::protobuf::Value::default_instance() : server->second,
      dir.File("security"));
  ASSERT_TRUE(security.ok()) << security.status();
  absl::StatusOr<std::unique_ptr<VectorRun>> run =
      VectorRun::Start(CHANCERYD_PATH, dir.File("chancery.db"), *std::move(security));
  ASSERT_TRUE(run.ok()) << run.status();
  for (int i = 0; i < steps.list_value().values_size(); ++i) {
    const google::protobuf::Struct& step = steps.list_value().values(i).struct_value();
    const absl::Status status = (*run)->Run(step);
    ASSERT_TRUE(status.ok()) << "step " << i << " (" << step.fields().at("op").string_value()
                             << "): " << status;
  }
  const absl::Status stopped = (*run)->Stop();
  EXPECT_TRUE(stopped.ok()) << stopped;
}

INSTANTIATE_TEST_SUITE_P(Vectors, ConformanceTest, ::testing::ValuesIn(VectorNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace chancery::conformance
