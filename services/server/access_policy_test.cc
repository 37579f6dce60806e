#include "services/server/access_policy.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "chancery/v1/audit_service.pb.h"
#include "chancery/v1/event_log_service.pb.h"
#include "chancery/v1/relations_service.pb.h"
#include "gtest/gtest.h"

namespace chancery::server {
namespace {

Access Of(absl::string_view method) { return AccessFor(method, /*reflection_open=*/false); }

TEST(AccessPolicyTest, EveryRpcHasItsOwnRole) {
  // An RPC missing from the table would need admin: this catches one added
  // to a service without a line in the table (and in docs/security.md).
  for (const google::protobuf::FileDescriptor* file :
       {v1::RecordEventsRequest::descriptor()->file(), v1::ReadLogRequest::descriptor()->file(),
        v1::VerifyLogRequest::descriptor()->file()}) {
    ASSERT_EQ(file->service_count(), 1) << file->name();
    const google::protobuf::ServiceDescriptor* service = file->service(0);
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string method =
          absl::StrCat("/", service->full_name(), "/", service->method(i)->name());
      const Access access = Of(method);
      EXPECT_EQ(access.kind, Access::Kind::kRole) << method;
      EXPECT_NE(access.role, Role::kAdmin) << method << " is not in the role table";
    }
  }
}

TEST(AccessPolicyTest, RolesOfTheIssue) {
  EXPECT_EQ(Of("/chancery.v1.RelationsService/RecordEvents").role, Role::kRecorder);
  EXPECT_EQ(Of("/chancery.v1.RelationsService/RetractEvent").role, Role::kRetractor);
  EXPECT_EQ(Of("/chancery.v1.RelationsService/GetRelationship").role, Role::kReader);
  EXPECT_EQ(Of("/chancery.v1.EventLogService/SubscribeLog").role, Role::kReader);
  EXPECT_EQ(Of("/chancery.v1.AuditService/ExportLog").role, Role::kAuditor);
  EXPECT_EQ(Of("/chancery.v1.OperationsService/BackupDatabase").role, Role::kAdmin);
}

TEST(AccessPolicyTest, HealthIsOpenReflectionAsConfiguredUnknownNeedsAdmin) {
  EXPECT_EQ(Of("/grpc.health.v1.Health/Check").kind, Access::Kind::kOpen);
  EXPECT_EQ(Of("/grpc.health.v1.Health/Watch").kind, Access::Kind::kOpen);
  const char* reflection = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
  EXPECT_EQ(Of(reflection).kind, Access::Kind::kAnyToken);
  EXPECT_EQ(AccessFor(reflection, /*reflection_open=*/true).kind, Access::Kind::kOpen);
  const Access unknown = Of("/chancery.v1.RelationsService/DropEverything");
  EXPECT_EQ(unknown.kind, Access::Kind::kRole);
  EXPECT_EQ(unknown.role, Role::kAdmin);
  EXPECT_EQ(Of("").role, Role::kAdmin);
}

TEST(AccessPolicyTest, AdminMayDoEverythingOtherRolesOnlyTheirOwn) {
  RoleSet admin;
  admin.Add(Role::kAdmin);
  RoleSet recorder_reader;
  recorder_reader.Add(Role::kRecorder);
  recorder_reader.Add(Role::kReader);
  for (Role role : {Role::kReader, Role::kRecorder, Role::kRetractor, Role::kAuditor}) {
    EXPECT_TRUE(admin.Allows(role));
  }
  EXPECT_TRUE(recorder_reader.Allows(Role::kRecorder));
  EXPECT_TRUE(recorder_reader.Allows(Role::kReader));
  EXPECT_FALSE(recorder_reader.Allows(Role::kRetractor));
  EXPECT_FALSE(recorder_reader.Allows(Role::kAdmin));
  EXPECT_EQ(recorder_reader.ToString(), "reader,recorder");
}

TEST(AccessPolicyTest, RoleNamesRoundTrip) {
  for (Role role : {Role::kReader, Role::kRecorder, Role::kRetractor, Role::kAuditor,
                    Role::kAdmin}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_EQ(ParseRole("Reader"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
  EXPECT_EQ(MethodName("/chancery.v1.RelationsService/RecordEvents"), "RecordEvents");
}

}  // namespace
}  // namespace chancery::server
