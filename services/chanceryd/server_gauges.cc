#include "services/chanceryd/server_gauges.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "eventstore/open_event_store.h"

namespace chancery::chanceryd {
namespace {

using Samples = std::vector<server::SampledGauges::Sample>;

Samples One(double value) { return {{{}, value}}; }

// FileBytes: the file's size, 0 if there is none (an SQLite WAL after a
// clean stop).
double FileBytes(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 ? static_cast<double>(info.st_size) : 0;
}

}  // namespace

void AddServerGauges(server::SampledGauges& gauges, eventstore::EventStore* store,
                     const std::string& store_uri, const server::Projections* projections,
                     uint64_t head_at_start) {
  gauges.Add("chancery_store_head_position", "Position of the last event in the log", [store] {
    absl::StatusOr<uint64_t> head = store->HeadPosition();
    return head.ok() ? One(static_cast<double>(*head)) : Samples{};
  });
  gauges.Add("chancery_projection_lag_events",
             "Events in the log the relationship projections have not folded in yet",
             [store, projections] {
               absl::StatusOr<uint64_t> head = store->HeadPosition();
               if (!head.ok()) return Samples{};
               const uint64_t folded = projections->folded();
               return One(static_cast<double>(*head > folded ? *head - folded : 0));
             });
  gauges.Add("chancery_projection_rebuild_progress_ratio",
             "How far the projections' load at start has got, from 0 to 1",
             [projections, head_at_start] {
               if (head_at_start == 0) return One(1);
               return One(std::min(1.0, static_cast<double>(projections->folded()) /
                                            static_cast<double>(head_at_start)));
             });
  gauges.Add("chancery_group_lag_events",
             "Log positions a subscription group has still to get through, by group",
             [store] {
               absl::StatusOr<uint64_t> head = store->HeadPosition();
               absl::StatusOr<std::vector<eventstore::StoredGroup>> groups = store->Groups().List();
               if (!head.ok() || !groups.ok()) return Samples{};
               Samples samples;
               for (const eventstore::StoredGroup& group : *groups) {
                 const uint64_t lag = *head > group.checkpoint ? *head - group.checkpoint : 0;
                 samples.push_back({{{"group", group.name}}, static_cast<double>(lag)});
               }
               return samples;
             });
  const std::string database = eventstore::SidecarPath(store_uri, "");
  if (database.empty()) return;  // PostgreSQL.
  gauges.Add("chancery_store_database_bytes",
             "Bytes of the SQLite database, its write-ahead log included", [database] {
               return One(FileBytes(database) + FileBytes(database + "-wal"));
             });
  const std::string directory =
      std::filesystem::absolute(database).parent_path().string();
  const auto disk = [directory](bool free) {
    struct statvfs info;
    if (statvfs(directory.c_str(), &info) != 0) return Samples{};
    const double blocks = static_cast<double>(free ? info.f_bavail : info.f_blocks);
    return One(blocks * static_cast<double>(info.f_frsize));
  };
  gauges.Add("chancery_store_disk_free_bytes",
             "Bytes free (to this user) on the file system of the SQLite database",
             [disk] { return disk(true); });
  gauges.Add("chancery_store_disk_size_bytes", "Size of the file system of the SQLite database",
             [disk] { return disk(false); });
}

}  // namespace chancery::chanceryd
