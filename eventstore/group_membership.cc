#include "eventstore/group_membership.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace chancery::eventstore {
namespace {

uint64_t LowestCursor(const std::vector<MemberRow>& members, uint64_t floor) {
  for (const MemberRow& member : members) floor = std::min(floor, member.cursor);
  return floor;
}

// Rebalance moves every one of `members` back to `cursor` and the epoch on.
absl::Status Rebalance(MembershipRows& rows, GroupRow& group, std::vector<MemberRow>& members,
                       uint64_t cursor) {
  for (MemberRow& member : members) {
    member.cursor = cursor;
    RETURN_IF_ERROR(rows.WriteMember(member));
  }
  ++group.epoch;
  group.checkpoint = cursor;
  return rows.WriteGroup(group);
}

}  // namespace

absl::StatusOr<GroupMembership> RenewMembership(MembershipRows& rows, absl::string_view replica,
                                                absl::Time now, absl::Time until) {
  ASSIGN_OR_RETURN(GroupRow group, rows.LockGroup());
  ASSIGN_OR_RETURN(std::vector<MemberRow> members, rows.Members());
  // A lapsed member's share may be unfinished up to its cursor: the lowest
  // cursor counts every member, lapsed or not.
  const uint64_t lowest = LowestCursor(members, group.checkpoint);
  std::vector<MemberRow> live;
  bool member = false;
  bool changed = false;
  for (MemberRow& row : members) {
    if (row.replica == replica) {
      member = true;
      row.expires = until;
    } else if (row.expires <= now) {
      RETURN_IF_ERROR(rows.DeleteMember(row.replica));
      changed = true;
      continue;
    }
    live.push_back(std::move(row));
  }
  if (!member) {
    live.push_back({std::string(replica), lowest, until});
    changed = true;
  }
  if (changed) {
    RETURN_IF_ERROR(Rebalance(rows, group, live, lowest));
  } else {
    for (const MemberRow& row : live) {
      if (row.replica == replica) RETURN_IF_ERROR(rows.WriteMember(row));
    }
  }
  GroupMembership membership;
  membership.epoch = group.epoch;
  for (const MemberRow& row : live) {
    membership.replicas.push_back(row.replica);
    if (row.replica == replica) membership.cursor = row.cursor;
  }
  std::sort(membership.replicas.begin(), membership.replicas.end());
  return membership;
}

absl::Status SaveMemberCursor(MembershipRows& rows, absl::string_view name,
                              absl::string_view replica, uint64_t epoch, uint64_t cursor) {
  ASSIGN_OR_RETURN(GroupRow group, rows.LockGroup());
  ASSIGN_OR_RETURN(std::vector<MemberRow> members, rows.Members());
  auto self = std::find_if(members.begin(), members.end(),
                           [replica](const MemberRow& row) { return row.replica == replica; });
  if (group.epoch != epoch || self == members.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("subscription group \"", name, "\" changed members or was reset; replica ",
                     replica, " starts its share again"));
  }
  self->cursor = cursor;
  RETURN_IF_ERROR(rows.WriteMember(*self));
  group.checkpoint = LowestCursor(members, cursor);
  return rows.WriteGroup(group);
}

absl::Status LeaveMembership(MembershipRows& rows, absl::string_view replica, uint64_t epoch,
                             uint64_t cursor) {
  ASSIGN_OR_RETURN(GroupRow group, rows.LockGroup());
  ASSIGN_OR_RETURN(std::vector<MemberRow> members, rows.Members());
  auto self = std::find_if(members.begin(), members.end(),
                           [replica](const MemberRow& row) { return row.replica == replica; });
  if (self == members.end()) return absl::OkStatus();  // Dropped already, as lapsed.
  // A cursor from a passed epoch is stale: the one stored stands.
  if (group.epoch == epoch) self->cursor = cursor;
  const uint64_t lowest = LowestCursor(members, self->cursor);
  RETURN_IF_ERROR(rows.DeleteMember(replica));
  members.erase(self);
  if (members.empty()) {
    group.checkpoint = lowest;
    return rows.WriteGroup(group);
  }
  return Rebalance(rows, group, members, lowest);
}

absl::Status ResetMembership(MembershipRows& rows, uint64_t checkpoint) {
  ASSIGN_OR_RETURN(GroupRow group, rows.LockGroup());
  ASSIGN_OR_RETURN(std::vector<MemberRow> members, rows.Members());
  return Rebalance(rows, group, members, checkpoint);
}

absl::Status NextEpoch(MembershipRows& rows) {
  ASSIGN_OR_RETURN(GroupRow group, rows.LockGroup());
  ++group.epoch;
  return rows.WriteGroup(group);
}

}  // namespace chancery::eventstore
