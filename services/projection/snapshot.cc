#include "services/projection/snapshot.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/hmac.h"
#include "services/projection/projection_snapshot.pb.h"

namespace chancery::projection {
namespace {

// Bump when the meaning of a column changes; older files are then rebuilt.
constexpr uint32_t kSnapshotFormat = 3;  // 2: observations; 3: a MAC.

uint32_t PackCameo(const std::array<char, 4>& cameo) {
  uint32_t packed = 0;
  std::memcpy(&packed, cameo.data(), cameo.size());
  return packed;
}

std::array<char, 4> UnpackCameo(uint32_t packed) {
  std::array<char, 4> cameo;
  std::memcpy(cameo.data(), &packed, cameo.size());
  return cameo;
}

void ToColumns(const std::string& name, const StreamEvents& events,
               StreamColumns& columns) {
  columns.set_name(name);
  std::string* ids = columns.mutable_ids();
  ids->reserve(events.size() * sizeof(EventId));
  for (const FoldEvent& event : events) {
    columns.add_day(event.day.number());
    columns.add_position(event.position);
    columns.add_retracted_at(event.retracted_at);
    columns.add_goldstein(event.goldstein);
    columns.add_cameo(PackCameo(event.cameo));
    columns.add_quad_class(event.quad_class);
    columns.add_source_is_a(event.source_is_a);
    columns.add_observation(event.kind == FoldEvent::Kind::kObservation
                                ? 0x100 | event.observed_a_in_b << 4 | event.observed_b_in_a
                                : 0);
    ids->append(reinterpret_cast<const char*>(event.id.data()), event.id.size());
  }
}

absl::StatusOr<StreamEvents> FromColumns(const StreamColumns& columns) {
  const int count = columns.day_size();
  if (columns.position_size() != count || columns.retracted_at_size() != count ||
      columns.goldstein_size() != count || columns.cameo_size() != count ||
      columns.quad_class_size() != count || columns.source_is_a_size() != count ||
      columns.observation_size() != count ||
      columns.ids().size() != count * sizeof(EventId)) {
    return absl::DataLossError(
        absl::StrCat("stream ", columns.name(), " has columns of different lengths"));
  }
  StreamEvents events;
  for (int i = 0; i < count; ++i) {
    FoldEvent event;
    event.day = domain::Day::FromNumber(columns.day(i));
    event.position = columns.position(i);
    event.retracted_at = columns.retracted_at(i);
    event.goldstein = columns.goldstein(i);
    event.cameo = UnpackCameo(columns.cameo(i));
    event.quad_class = static_cast<uint8_t>(columns.quad_class(i));
    event.source_is_a = columns.source_is_a(i);
    if (const uint32_t observation = columns.observation(i); observation & 0x100) {
      event.kind = FoldEvent::Kind::kObservation;
      event.observed_a_in_b = (observation >> 4) & 0xf;
      event.observed_b_in_a = observation & 0xf;
    }
    std::memcpy(event.id.data(), columns.ids().data() + i * sizeof(EventId), sizeof(EventId));
    events.insert(events.end(), event);  // Written in fold order.
  }
  return events;
}

absl::Status Errno(const std::string& what, const std::string& path) {
  return absl::InternalError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

// WriteSynced writes `bytes` to a new file at `path` and syncs it.
absl::Status WriteSynced(const std::string& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", path);
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      absl::Status error = Errno("cannot write", path);
      ::close(fd);
      return error;
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    absl::Status error = Errno("cannot sync", path);
    ::close(fd);
    return error;
  }
  if (::close(fd) != 0) return Errno("cannot close", path);
  return absl::OkStatus();
}

}  // namespace

absl::Status SaveSnapshot(const std::string& path, const ProjectionIndex& index,
                          const std::string& last_hash, const std::string& secret) {
  ProjectionSnapshot snapshot;
  snapshot.set_format(kSnapshotFormat);
  snapshot.set_last_hash(last_hash);
  snapshot.mutable_record_time_us()->Add(index.record_times().begin(),
                                         index.record_times().end());
  for (const auto& [name, events] : index.streams()) {
    ToColumns(name, events, *snapshot.add_streams());
  }
  std::string bytes = snapshot.SerializeAsString();
  bytes += HmacSha256(secret, bytes);

  const std::string temp = path + ".tmp";
  absl::Status status = WriteSynced(temp, bytes);
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    status = Errno("cannot rename to", path);
  }
  if (!status.ok()) ::unlink(temp.c_str());  // A full disk keeps no half-written file.
  return status;
}

absl::StatusOr<Snapshot> LoadSnapshot(const std::string& path, const std::string& secret) {
  std::ifstream file(path, std::ios::binary);
  if (!file && errno == ENOENT) {
    return absl::NotFoundError(absl::StrCat("no projection snapshot at ", path));
  }
  if (!file) {
    return absl::DataLossError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream read;
  read << file.rdbuf();
  const std::string bytes = read.str();
  const absl::string_view content(bytes.data(), bytes.size() - std::min(bytes.size(), kMacSize));
  if (bytes.size() < kMacSize ||
      !MacMatches(secret, content, absl::string_view(bytes).substr(content.size()))) {
    return absl::DataLossError(absl::StrCat(
        path, " is not authentic: its MAC does not match this database's secret (edited, "
              "damaged, or written for another database)"));
  }
  ProjectionSnapshot snapshot;
  if (!snapshot.ParseFromArray(content.data(), static_cast<int>(content.size())) ||
      snapshot.format() != kSnapshotFormat) {
    return absl::DataLossError(
        absl::StrCat(path, " is not a projection snapshot of format ", kSnapshotFormat));
  }
  ProjectionIndex::Streams streams;
  for (const StreamColumns& columns : snapshot.streams()) {
    absl::StatusOr<StreamEvents> events = FromColumns(columns);
    if (!events.ok()) return events.status();
    streams.emplace(columns.name(), *std::move(events));
  }
  Snapshot loaded;
  loaded.index.Restore({snapshot.record_time_us().begin(), snapshot.record_time_us().end()},
                       std::move(streams));
  loaded.last_hash = snapshot.last_hash();
  return loaded;
}

}  // namespace chancery::projection
