// The process that crash_test.cc kills: it appends batches from several
// threads and prints one line per acknowledged batch,
//   <event id prefix> <first position> <event count>
// written only after Append returned OK, so every line read is a promise.
//
// Usage: eventstore_crash_child PATH full|normal RUN_ID

#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eventstore/durability.h"
#include "eventstore/sqlite/sqlite_event_store.h"

using namespace chancery::eventstore;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s PATH full|normal RUN_ID\n", argv[0]);
    return 2;
  }
  auto durability = ParseDurability(argv[2]);
  auto store = sqlite::SqliteEventStore::Open({argv[1], *durability});
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", std::string(store.status().message()).c_str());
    return 1;
  }
  const std::string run = argv[3];
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      std::mt19937 random(t);
      for (int batch = 0;; ++batch) {
        const std::string prefix = absl::StrCat(run, "-", t, "-", batch);
        const int size = 1 + random() % 20;
        StreamAppend part{absl::StrCat("S", random() % 5), ExpectedRevision::Any(), {}};
        for (int i = 0; i < size; ++i) {
          part.events.push_back({absl::StrCat(prefix, "-", i), "test.Crash",
                                 absl::StrCat(prefix, " ", size, " ", std::string(200, 'p')),
                                 i});
        }
        AppendRequest request;
        request.streams.push_back(std::move(part));
        auto result = (*store)->Append(std::move(request));
        if (!result.ok()) {
          std::fprintf(stderr, "%s\n", std::string(result.status().message()).c_str());
          _exit(1);
        }
        std::string line = absl::StrCat(prefix, " ", result->events[0].position, " ", size, "\n");
        if (write(STDOUT_FILENO, line.data(), line.size()) < 0) _exit(1);
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
}
