// Who may call what: the roles a token grants and the role each RPC needs
// (docs/security.md, "Roles").
//
//   reader     reads and subscriptions
//   recorder   RecordEvents, RecordObservations
//   retractor  RetractEvent
//   auditor    VerifyLog, ReplayRelationship, ExportLog, and the signed
//              checkpoints and proofs
//   admin      everything
//
// gRPC's health service is open to everyone; reflection is open when the
// server has no tokens or runs with --reflection=open, and otherwise needs
// any valid token. A method this table does not know needs admin, so an RPC
// added without a line here is closed rather than open.

#ifndef CHANCERY_SERVICES_SERVER_ACCESS_POLICY_H_
#define CHANCERY_SERVICES_SERVER_ACCESS_POLICY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace chancery::server {

enum class Role : uint8_t { kReader, kRecorder, kRetractor, kAuditor, kAdmin };

// A set of roles, one bit each.
class RoleSet {
 public:
  RoleSet() = default;
  void Add(Role role) { bits_ |= Bit(role); }
  // Whether a holder of these roles may do what `role` allows: admin may do
  // everything.
  bool Allows(Role role) const { return (bits_ & (Bit(role) | Bit(Role::kAdmin))) != 0; }
  bool empty() const { return bits_ == 0; }
  // "recorder,reader": the roles' names, in the order of the enum.
  std::string ToString() const;

 private:
  static uint8_t Bit(Role role) { return static_cast<uint8_t>(1u << static_cast<int>(role)); }
  uint8_t bits_ = 0;
};

// RoleName: "reader", "recorder", "retractor", "auditor" or "admin".
absl::string_view RoleName(Role role);
// ParseRole reads a role's name; nullopt for anything else.
std::optional<Role> ParseRole(absl::string_view name);
// kRoleNames lists them for error messages.
inline constexpr absl::string_view kRoleNames = "reader, recorder, retractor, auditor, admin";

// What a call to one method needs.
struct Access {
  enum class Kind { kOpen, kAnyToken, kRole } kind;
  Role role = Role::kAdmin;  // For kRole.
};

// AccessFor: what a call to `method` ("/chancery.v1.RelationsService/RecordEvents",
// as in HTTP/2's :path) needs. `reflection_open`: whether reflection is open
// to callers without a token.
Access AccessFor(absl::string_view method, bool reflection_open);

// MethodName: "RecordEvents" from "/chancery.v1.RelationsService/RecordEvents".
absl::string_view MethodName(absl::string_view method);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_ACCESS_POLICY_H_
