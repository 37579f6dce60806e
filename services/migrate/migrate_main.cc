// chancery-migrate: copies a Chancery log into a PostgreSQL database as it
// is (docs/contract.md, "chancery-migrate"), then checks that the copy's
// chain verifies and ends at the source's head.
//
//   chancery-migrate --from=sqlite:chancery.db --to=postgresql://chancery@db:5432/chancery

#include <cstdio>
#include <optional>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "eventstore/copy_log.h"
#include "eventstore/open_event_store.h"
#include "services/migrate/offline_tool.h"

namespace {

constexpr char kUsage[] = R"(usage: chancery-migrate --from=URI --to=postgresql://USER@HOST:PORT/DB

Copies the log at --from (sqlite:PATH, or another postgresql:// database) into the PostgreSQL
database --to as it is: every record at its position, with its recorded time, its recorder and
its hash. The destination is empty, or holds the first records of the same log (a copy that
stopped part way, which goes on from there). Stop every chanceryd that serves either first.
Afterwards the destination's chain is verified and must end at the source's head.

Exit codes: 0 copied and verified; 1 the copy or its check failed (a broken source chain,
a destination holding another log); 2 a bad flag or a store that cannot be opened;
3 a database that cannot be reached.
)";

constexpr chancery::offline::Tool kTool = {"chancery-migrate", kUsage};

}  // namespace

int main(int argc, char** argv) {
  chancery::offline::FromTo flags;
  if (std::optional<int> ended = chancery::offline::ParseFromTo(kTool, argc, argv, flags)) {
    return *ended;
  }
  const std::string& from = flags.from;
  const std::string& to = flags.to;

  auto source = chancery::eventstore::OpenEventStore(from, chancery::eventstore::Durability::kFull);
  if (!source.ok()) return chancery::offline::Fail(kTool, source.status());
  absl::StatusOr<chancery::eventstore::VerifyResult> source_chain = (*source)->VerifyChain();
  if (!source_chain.ok()) return chancery::offline::Fail(kTool, source_chain.status());
  if (!source_chain->ok()) {
    return chancery::offline::Fail(kTool, absl::DataLossError(absl::StrCat(
        from, ": the chain breaks at position ", source_chain->first_bad_position,
        "; nothing was copied (chancery audit verify says more)")));
  }
  std::fprintf(stderr, "chancery-migrate: copying %llu records from %s\n",
               static_cast<unsigned long long>(source_chain->event_count), from.c_str());

  bool progressed = false;
  absl::StatusOr<chancery::eventstore::CopyResult> copied = chancery::eventstore::CopyLog(
      **source, to, [&progressed, total = source_chain->event_count](uint64_t head) {
        std::fprintf(stderr, "\r%llu of %llu", static_cast<unsigned long long>(head),
                     static_cast<unsigned long long>(total));
        progressed = true;
      });
  if (progressed) std::fputc('\n', stderr);
  if (!copied.ok()) return chancery::offline::Fail(kTool, copied.status());

  auto destination = chancery::eventstore::OpenEventStore(to, chancery::eventstore::Durability::kFull);
  if (!destination.ok()) return chancery::offline::Fail(kTool, destination.status());
  absl::StatusOr<chancery::eventstore::VerifyResult> copy_chain = (*destination)->VerifyChain();
  if (!copy_chain.ok()) return chancery::offline::Fail(kTool, copy_chain.status());
  if (!copy_chain->ok() || copy_chain->event_count != source_chain->event_count ||
      copy_chain->head_hash != source_chain->head_hash) {
    return chancery::offline::Fail(kTool, absl::DataLossError(absl::StrCat(
        to, ": the copy does not verify as the source does (", copy_chain->event_count,
        " records, first bad position ", copy_chain->first_bad_position, ")")));
  }
  std::printf("copied %llu records (%llu were there already); %s verifies: %llu records, head %s\n",
              static_cast<unsigned long long>(copied->copied),
              static_cast<unsigned long long>(copied->already_there), to.c_str(),
              static_cast<unsigned long long>(copy_chain->event_count),
              absl::BytesToHexString(copy_chain->head_hash).c_str());
  return 0;
}
