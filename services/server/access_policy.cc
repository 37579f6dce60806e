#include "services/server/access_policy.h"

#include <array>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"

namespace chancery::server {
namespace {

constexpr std::array<std::pair<Role, absl::string_view>, 5> kRoles = {{
    {Role::kReader, "reader"},
    {Role::kRecorder, "recorder"},
    {Role::kRetractor, "retractor"},
    {Role::kAuditor, "auditor"},
    {Role::kAdmin, "admin"},
}};

// Every chancery.v1 RPC and the role it needs (docs/security.md keeps the
// same table for users; access_policy_test checks that every RPC of the
// services is here).
const absl::flat_hash_map<absl::string_view, Role>& RoleByMethod() {
  static const auto* const table = new absl::flat_hash_map<absl::string_view, Role>{
      {"/chancery.v1.RelationsService/RecordEvents", Role::kRecorder},
      {"/chancery.v1.RelationsService/RecordObservations", Role::kRecorder},
      {"/chancery.v1.RelationsService/RetractEvent", Role::kRetractor},
      {"/chancery.v1.RelationsService/GetRelationship", Role::kReader},
      {"/chancery.v1.RelationsService/ListRelationships", Role::kReader},
      {"/chancery.v1.RelationsService/GetTimeline", Role::kReader},
      {"/chancery.v1.RelationsService/GetActorProfile", Role::kReader},
      {"/chancery.v1.RelationsService/WatchRelationships", Role::kReader},
      {"/chancery.v1.EventLogService/ReadLog", Role::kReader},
      {"/chancery.v1.EventLogService/ReadStream", Role::kReader},
      {"/chancery.v1.EventLogService/SubscribeLog", Role::kReader},
      {"/chancery.v1.SubscriptionGroupService/CreateGroup", Role::kAdmin},
      {"/chancery.v1.SubscriptionGroupService/ResetGroup", Role::kAdmin},
      {"/chancery.v1.SubscriptionGroupService/DeleteGroup", Role::kAdmin},
      {"/chancery.v1.SubscriptionGroupService/ReplayParkedEvents", Role::kAdmin},
      {"/chancery.v1.SubscriptionGroupService/GetGroup", Role::kReader},
      {"/chancery.v1.SubscriptionGroupService/ListGroups", Role::kReader},
      {"/chancery.v1.SubscriptionGroupService/ListParkedEvents", Role::kReader},
      {"/chancery.v1.SubscriptionGroupService/ConsumeGroup", Role::kReader},
      {"/chancery.v1.AuditService/VerifyLog", Role::kAuditor},
      {"/chancery.v1.AuditService/ReplayRelationship", Role::kAuditor},
      {"/chancery.v1.AuditService/ExportLog", Role::kAuditor},
      {"/chancery.v1.AuditService/GetCheckpoint", Role::kAuditor},
      {"/chancery.v1.AuditService/GetInclusionProof", Role::kAuditor},
      {"/chancery.v1.AuditService/GetConsistencyProof", Role::kAuditor},
      {"/chancery.v1.OperationsService/BackupDatabase", Role::kAdmin},
  };
  return *table;
}

}  // namespace

absl::string_view RoleName(Role role) { return kRoles[static_cast<size_t>(role)].second; }

std::optional<Role> ParseRole(absl::string_view name) {
  for (const auto& [role, role_name] : kRoles) {
    if (name == role_name) return role;
  }
  return std::nullopt;
}

std::string RoleSet::ToString() const {
  std::vector<absl::string_view> names;
  for (const auto& [role, name] : kRoles) {
    if (bits_ & Bit(role)) names.push_back(name);
  }
  return absl::StrJoin(names, ",");
}

Access AccessFor(absl::string_view method, bool reflection_open) {
  if (absl::StartsWith(method, "/grpc.health.v1.Health/")) return {Access::Kind::kOpen};
  if (absl::StartsWith(method, "/grpc.reflection.")) {
    return {reflection_open ? Access::Kind::kOpen : Access::Kind::kAnyToken};
  }
  const auto& table = RoleByMethod();
  if (auto entry = table.find(method); entry != table.end()) {
    return {Access::Kind::kRole, entry->second};
  }
  return {Access::Kind::kRole, Role::kAdmin};
}

absl::string_view MethodName(absl::string_view method) {
  const size_t slash = method.rfind('/');
  return slash == absl::string_view::npos ? method : method.substr(slash + 1);
}

}  // namespace chancery::server
