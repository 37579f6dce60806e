#include "services/bench/load_support.h"

#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "eventstore/bench/raw_sqlite_baseline.h"
#include "eventstore/open_event_store.h"
#include "services/server/record_events.h"
#include "services/server/token_file.h"

namespace chancery::bench {

void Die(const std::string& why) {
  std::fprintf(stderr, "%s: %s\n", program_invocation_short_name, why.c_str());
  std::exit(1);
}

v1::DiplomaticEvent LoadEvent(int i, int salt) {
  static const char* const kPartners[] = {"KHM", "CHN", "VNM", "THA", "LAO", "JPN", "FRA", "AUS"};
  v1::DiplomaticEvent event;
  event.set_event_id(absl::StrFormat("%08x-0000-4000-8000-%012x", salt, i));
  event.mutable_occur_date()->set_year(2019);
  event.mutable_occur_date()->set_month(1 + i % 12);
  event.mutable_occur_date()->set_day(1 + i % 28);
  event.mutable_source()->set_code("USA");
  event.mutable_source()->set_role("GOV");
  event.mutable_target()->set_code(kPartners[(i / 100) % 8]);
  event.set_cameo_code("036");
  event.set_summary(
      "The two governments exchanged letters proposing a working group to restore "
      "military cooperation, humanitarian demining and the return of remains.");
  auto* citation = event.add_citations();
  citation->set_publisher("Reuters");
  citation->set_url("https://www.reuters.com/article/us-cambodia-usa/letters-2019");
  return event;
}

StoreRate StoreBatchedRate(const std::string& db_path, int count, int batch_size,
                           const std::function<v1::DiplomaticEvent(int)>& make_event) {
  auto store = eventstore::OpenEventStore("sqlite:" + db_path, eventstore::Durability::kFull);
  if (!store.ok()) Die(store.status().ToString());
  std::vector<eventstore::AppendRequest> requests;
  for (int first = 0; first < count; first += batch_size) {
    eventstore::AppendRequest& request = requests.emplace_back();
    absl::flat_hash_map<std::string, size_t> stream_index;  // Stream -> its place in request.
    for (int i = first; i < first + batch_size && i < count; ++i) {
      server::PlannedRecord record = server::PlanRecord(make_event(i));
      auto [entry, added] = stream_index.try_emplace(record.stream, request.streams.size());
      if (added) {
        request.streams.push_back({record.stream, eventstore::ExpectedRevision::Any(), {}});
      }
      request.streams[entry->second].events.push_back(std::move(record.data));
    }
  }
  const double cpu_before = CpuSeconds(getpid());
  Stopwatch clock;
  for (auto& request : requests) {
    if (!(*store)->Append(std::move(request)).ok()) Die("baseline append failed");
  }
  const double seconds = clock.Seconds();
  return {count / seconds, 1e6 * (CpuSeconds(getpid()) - cpu_before) / count};
}

StoreRate RawOneTransactionPerEventRate(const std::string& db_path, int count,
                                     const std::function<v1::DiplomaticEvent(int)>& make_event) {
  std::vector<eventstore::bench::RawRow> rows;
  rows.reserve(count);
  for (int i = 0; i < count; ++i) {
    server::PlannedRecord record = server::PlanRecord(make_event(i));
    rows.push_back({std::move(record.stream), std::move(record.data)});
  }
  const double cpu_before = CpuSeconds(getpid());
  const double rate =
      eventstore::bench::RawBatchedInsertRate(db_path, rows, /*batch_size=*/1).rows_per_second;
  return {rate, 1e6 * (CpuSeconds(getpid()) - cpu_before) / count};
}

std::shared_ptr<grpc::Channel> NewChannel(const std::string& address, int index,
                                          std::shared_ptr<grpc::ChannelCredentials> credentials) {
  grpc::ChannelArguments arguments;
  arguments.SetInt("chancery.load.channel", index);  // Distinct arguments, distinct connection.
  return grpc::CreateCustomChannel(
      address, credentials != nullptr ? credentials : grpc::InsecureChannelCredentials(),
      arguments);
}

void RecordAsync(const Client& client, v1::RecordEventsRequest request,
                 std::function<void(bool)> done) {
  client.RecordEventsAsync(std::move(request),
                           [done = std::move(done)](Result<v1::RecordEventsResponse> response) {
                             done(response.ok());
                           });
}

void WriteTokensFile(const std::string& path, const std::string& token,
                     const std::string& principal_and_roles) {
  std::ofstream(path) << "sha256:" << absl::BytesToHexString(server::TokenDigest(token)) << " "
                      << principal_and_roles << "\n";
  if (chmod(path.c_str(), 0600) != 0) Die("cannot write " + path);
}

namespace {

std::string ChancerydBeside(const char* argv0) {
  return (std::filesystem::path(argv0).parent_path() / "chanceryd").string();
}

}  // namespace

std::unique_ptr<testing::ChancerydProcess> StartChanceryd(const char* argv0,
                                                          const std::string& db_path,
                                                          std::vector<std::string> extra_flags) {
  extra_flags.push_back("--durability=full");
  auto server = testing::ChancerydProcess::Start(ChancerydBeside(argv0), db_path, std::move(extra_flags));
  if (server == nullptr) Die("could not start chanceryd on " + db_path);
  return server;
}

std::unique_ptr<testing::ChancerydProcess> StartReplica(const char* argv0, const std::string& store,
                                                        const std::string& files,
                                                        std::vector<std::string> extra_flags) {
  extra_flags.push_back("--durability=full");
  auto server = testing::ChancerydProcess::StartOnStore(ChancerydBeside(argv0), store, files,
                                                        std::move(extra_flags));
  if (server == nullptr) Die("could not start chanceryd on " + store + " (see " + files + ".stderr)");
  return server;
}

double CpuSeconds(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  // Fields 14 and 15 (utime, stime, in clock ticks) follow the command,
  // which is in parentheses and may hold spaces.
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string skipped;
  for (int field = 3; field < 14; ++field) fields >> skipped;
  double user_ticks = 0, system_ticks = 0;
  if (!(fields >> user_ticks >> system_ticks)) {
    Die("cannot read /proc/" + std::to_string(pid) + "/stat");
  }
  return (user_ticks + system_ticks) / sysconf(_SC_CLK_TCK);
}

void PrintMachine() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname system;
  uname(&system);
  std::printf("machine: %ld cores, %s, %s %s\n", sysconf(_SC_NPROCESSORS_ONLN), model.c_str(),
              system.sysname, system.release);
}

Percentiles ComputePercentiles(std::vector<double> samples) {
  if (samples.empty()) return {};
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) { return samples[std::min(samples.size() - 1, size_t(q * samples.size()))]; };
  return {at(0.50), at(0.99)};
}

void ClosedLoop::Run(const Start& start) {
  std::mutex mutex;
  std::condition_variable finished;
  std::atomic<int> next{0};
  std::atomic<int> completed{0};
  std::atomic<bool> failed{false};
  std::function<void(int)> launch = [&](int slot) {
    int call = next++;
    if (call >= total_) return;
    start(call, slot, [&, slot](bool ok) {
      if (!ok) failed = true;
      // The next call starts before this one counts as completed: once the
      // last one counts, Run returns and its locals are gone.
      launch(slot);
      if (++completed == total_) {
        std::lock_guard<std::mutex> lock(mutex);
        finished.notify_all();
      }
    });
  };
  for (int slot = 0; slot < in_flight_ && slot < total_; ++slot) launch(slot);
  std::unique_lock<std::mutex> lock(mutex);
  finished.wait(lock, [&] { return completed == total_; });
  if (failed) Die("some calls failed");
}

}  // namespace chancery::bench
