// Requests whose bytes do not parse, against a real chanceryd: every method
// answers INVALID_ARGUMENT naming its request type, the log is untouched, and
// the server's own log does not grow a line per request.

#include <grpcpp/generic/generic_stub.h>

#include <condition_variable>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "gmock/gmock.h"
#include "tests/integration/server_fixture.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;

// Every method of the services chanceryd serves, as "/package.Service/Method".
std::vector<const google::protobuf::MethodDescriptor*> AllMethods() {
  std::vector<const google::protobuf::MethodDescriptor*> methods;
  for (const char* name : {"chancery.v1.RelationsService", "chancery.v1.EventLogService",
                           "chancery.v1.AuditService"}) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    for (int i = 0; i < service->method_count(); ++i) methods.push_back(service->method(i));
  }
  return methods;
}

std::string PathOf(const google::protobuf::MethodDescriptor& method) {
  return "/" + method.service()->full_name() + "/" + method.name();
}

class MalformedRequestsTest : public ServerTest {
 protected:
  // Call sends `bytes` as the one request message of `method` and returns the
  // status (for a server stream, after whatever it sent).
  grpc::Status Call(const std::string& method, const std::string& bytes) {
    grpc::GenericStub stub(channel_);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    std::mutex mutex;
    std::condition_variable done;
    std::optional<grpc::Status> status;
    stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                   [&](grpc::Status s) {
                     std::lock_guard<std::mutex> lock(mutex);
                     status = std::move(s);
                     done.notify_all();
                   });
    std::unique_lock<std::mutex> lock(mutex);
    done.wait(lock, [&] { return status.has_value(); });
    return *status;
  }

  int ProtobufLogLines() const {
    int lines = 0;
    for (absl::string_view line : absl::StrSplit(server_->Stderr(), '\n')) {
      lines += absl::StrContains(line, "libprotobuf");
    }
    return lines;
  }
};

TEST_F(MalformedRequestsTest, BytesThatAreNotTheRequestAreInvalidForEveryMethod) {
  for (const google::protobuf::MethodDescriptor* method : AllMethods()) {
    // A field tag whose varint never ends.
    grpc::Status status = Call(PathOf(*method), "\xff\xff\xff\xff");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << PathOf(*method);
    EXPECT_THAT(status.error_message(),
                HasSubstr("not a valid " + method->input_type()->full_name()))
        << PathOf(*method);
  }
  EXPECT_TRUE(ReadWholeLog().empty());
}

TEST_F(MalformedRequestsTest, InvalidUtf8IsInvalidAndFillsNoLog) {
  // Invalid UTF-8 in a string field: protobuf refuses to parse the request, and says so.
  v1::DiplomaticEvent event = TestEvent(TestUuid(1));
  event.set_summary("caf\xE9");
  for (int i = 0; i < 200; ++i) {
    grpc::Status status = Record({event});
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    ASSERT_THAT(status.error_message(), HasSubstr("chancery.v1.RecordEventsRequest"));
  }
  EXPECT_LE(ProtobufLogLines(), 1) << server_->Stderr();
  EXPECT_TRUE(ReadWholeLog().empty());
  // The server still serves well-formed requests.
  EXPECT_TRUE(Record({TestEvent(TestUuid(2))}).ok());
}

}  // namespace
}  // namespace chancery::testing
