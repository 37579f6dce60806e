#include "eventstore/open_event_store.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "eventstore/postgresql/postgresql_event_store.h"
#include "eventstore/sqlite/sqlite_event_store.h"

namespace chancery::eventstore {
namespace {

constexpr absl::string_view kSqlite = "sqlite:";

}  // namespace

absl::StatusOr<std::unique_ptr<EventStore>> OpenEventStore(absl::string_view uri,
                                                           Durability durability) {
  if (absl::StartsWith(uri, kSqlite) && uri.size() > kSqlite.size()) {
    sqlite::SqliteStoreOptions options;
    options.path = std::string(uri.substr(kSqlite.size()));
    options.durability = durability;
    absl::StatusOr<std::unique_ptr<sqlite::SqliteEventStore>> store =
        sqlite::SqliteEventStore::Open(options);
    if (!store.ok()) return store.status();
    return std::unique_ptr<EventStore>(std::move(*store));
  }
  if (absl::StartsWith(uri, "postgresql://") || absl::StartsWith(uri, "postgres://")) {
    absl::StatusOr<std::unique_ptr<postgresql::PostgresqlEventStore>> store =
        postgresql::PostgresqlEventStore::Open(std::string(uri), durability);
    if (!store.ok()) return store.status();
    return std::unique_ptr<EventStore>(std::move(*store));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "store \"", uri,
      "\" is not a store URI this build knows; use sqlite:PATH or postgresql://USER@HOST:PORT/DB"));
}

std::string SidecarPath(absl::string_view uri, absl::string_view suffix) {
  if (!absl::StartsWith(uri, kSqlite) || uri.size() == kSqlite.size()) return "";
  return absl::StrCat(uri.substr(kSqlite.size()), suffix);
}

}  // namespace chancery::eventstore
