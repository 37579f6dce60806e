// chancery::Error and chancery::Result: what a call to chanceryd returns.
//
// chanceryd answers errors as google.rpc.Status values with details
// (docs/api.md, "Errors"): a BadRequest naming each bad field, a RetryInfo
// when it is running but cannot serve now, a RevisionConflict or a
// SubscriptionEnded. Error keeps the whole status and reads them out.

#ifndef CHANCERY_CLIENT_ERROR_H_
#define CHANCERY_CLIENT_ERROR_H_

#include <grpcpp/support/status.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace chancery {

class Error {
 public:
  // FromStatus reads a failed call's status and its details; a details
  // blob that does not parse is left out.
  static Error FromStatus(const grpc::Status& status);
  // FromRpcStatus wraps a google.rpc.Status carried in a response
  // (RecordResult.error of a partial_success request).
  static Error FromRpcStatus(const google::rpc::Status& status);
  // A failure of the client itself (bad options), with no details.
  Error(grpc::StatusCode code, std::string message);

  grpc::StatusCode code() const { return static_cast<grpc::StatusCode>(details_.code()); }
  const std::string& message() const { return details_.message(); }
  // The google.rpc.Status as sent: code, message and every detail.
  const google::rpc::Status& details() const { return details_; }

  // The field violations of every google.rpc.BadRequest detail, in order.
  std::vector<google::rpc::BadRequest::FieldViolation> field_violations() const;
  // RetryInfo.retry_delay: chanceryd itself answered and says when to retry.
  std::optional<absl::Duration> retry_delay() const;
  std::optional<google::rpc::ErrorInfo> error_info() const { return Find<google::rpc::ErrorInfo>(); }

  // Find is the first detail of type `Detail` (google.rpc.* or chancery.v1.*
  // such as RevisionConflict or SubscriptionEnded), if there is one.
  template <typename Detail>
  std::optional<Detail> Find() const {
    Detail detail;
    for (const auto& any : details_.details()) {
      if (any.UnpackTo(&detail)) return detail;
    }
    return std::nullopt;
  }

  // ToString is "<CODE>: <message>" on one line; when there are field
  // violations, they replace the server's summary ("events[0].cameo_code:
  // ...; events[2].occur_date: ...").
  std::string ToString() const;
  grpc::Status ToGrpcStatus() const;

 private:
  explicit Error(google::rpc::Status details) : details_(std::move(details)) {}

  google::rpc::Status details_;
};

std::ostream& operator<<(std::ostream& out, const Error& error);

// Result<T> is a call's answer: a T, or the Error the call ended with.
template <typename T>
class Result {
 public:
  Result(T value) : outcome_(std::move(value)) {}  // NOLINT: implicit by design.
  Result(Error error) : outcome_(std::move(error)) {}  // NOLINT

  bool ok() const { return outcome_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // value() and the operators require ok(); on an error they print it and abort.
  const T& value() const& { return Check(), std::get<0>(outcome_); }
  T& value() & { return Check(), std::get<0>(outcome_); }
  T&& value() && { return Check(), std::get<0>(std::move(outcome_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // error() requires !ok().
  const Error& error() const { return std::get<1>(outcome_); }

 private:
  void Check() const {
    if (ok()) return;
    std::cerr << "chancery::Result::value() of a failed call: " << error() << std::endl;
    std::abort();
  }

  std::variant<T, Error> outcome_;
};

// Result<void>: success with no value, or an Error.
template <>
class Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace chancery

#endif  // CHANCERY_CLIENT_ERROR_H_
