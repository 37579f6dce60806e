// gRPC's health service, as chanceryd wires it to the store: NOT_SERVING
// once a commit fails for a storage fault (injected with the fault VFS),
// SERVING again by itself once the fault has cleared.

#include "services/server/serving_health.h"

#include <grpcpp/grpcpp.h>
#include <sqlite3.h>

#include "absl/time/clock.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/append_ledger.h"
#include "eventstore/testing/fault_vfs.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "health/v1/health.grpc.pb.h"

namespace chancery::server {
namespace {

using ::chancery::testing::AppendLedger;
using ::chancery::testing::FaultVfs;
using ::chancery::testing::FileOperation;
using ::chancery::testing::TempDir;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

constexpr char kService[] = "chancery.v1.RelationsService";

class ServingHealthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    eventstore::sqlite::SqliteStoreOptions options;
    options.path = dir_.File("chancery.db");
    options.vfs = FaultVfs::kName;
    auto store = eventstore::sqlite::SqliteEventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.RegisterCallbackGenericService(&no_service_);  // A server needs one service.
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    server_->GetHealthCheckService()->SetServingStatus(kService, true);
    health_stub_ = grpc::health::v1::Health::NewStub(server_->InProcessChannel({}));
  }
  void TearDown() override {
    faults_.Clear();
    if (server_ != nullptr) server_->Shutdown();
  }

  HealthCheckResponse::ServingStatus Status(const std::string& service) {
    grpc::ClientContext context;
    HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    grpc::Status status = health_stub_->Check(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.status();
  }

  FaultVfs& faults_ = FaultVfs::Instance();
  TempDir dir_;
  std::unique_ptr<eventstore::sqlite::SqliteEventStore> store_;
  grpc::CallbackGenericService no_service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_stub_;
};

TEST_F(ServingHealthTest, NotServingWhileCommitsFailAndServingOnceTheyWorkAgain) {
  ServingHealth health(*store_, *server_->GetHealthCheckService());
  AppendLedger ledger;
  ASSERT_TRUE(ledger.Append(*store_).ok());
  EXPECT_EQ(Status(""), HealthCheckResponse::SERVING);

  faults_.Inject({FileOperation::kSync, SQLITE_IOERR_FSYNC, FaultVfs::kUntilCleared, "-wal"});
  EXPECT_EQ(ledger.Append(*store_).code(), absl::StatusCode::kUnavailable);
  // The store tells its listener before it answers the append.
  EXPECT_EQ(Status(""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Status(kService), HealthCheckResponse::NOT_SERVING);

  faults_.Clear();  // No append from here: the store finds out by itself.
  for (int wait = 0; wait < 300 && Status("") != HealthCheckResponse::SERVING; ++wait) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(Status(""), HealthCheckResponse::SERVING);
  EXPECT_EQ(Status(kService), HealthCheckResponse::SERVING);
  EXPECT_TRUE(ledger.Append(*store_).ok());
}

}  // namespace
}  // namespace chancery::server
