// RETURN_IF_ERROR and ASSIGN_OR_RETURN for absl::Status code.
//
// Debian 12's Abseil (20220623) does not ship these yet.
//   RETURN_IF_ERROR(connection.Execute("BEGIN"));
//   ASSIGN_OR_RETURN(int64_t revision, CurrentRevision(stream));

#ifndef CHANCERY_COMMON_STATUS_MACROS_H_
#define CHANCERY_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define RETURN_IF_ERROR(expr)                                   \
  do {                                                          \
    if (absl::Status chancery_status_ = (expr); !chancery_status_.ok()) { \
      return chancery_status_;                                  \
    }                                                           \
  } while (false)

#define CHANCERY_STATUS_CONCAT_INNER(a, b) a##b
#define CHANCERY_STATUS_CONCAT(a, b) CHANCERY_STATUS_CONCAT_INNER(a, b)

#define ASSIGN_OR_RETURN(lhs, expr) \
  CHANCERY_ASSIGN_OR_RETURN_IMPL(CHANCERY_STATUS_CONCAT(chancery_statusor_, __LINE__), lhs, expr)

#define CHANCERY_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = std::move(statusor).value()

#endif  // CHANCERY_COMMON_STATUS_MACROS_H_
