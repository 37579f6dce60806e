// The cost of a signed checkpoint and of Merkle proofs on a large log
// (README, "Performance"): a log of 1,000,000 events of ~300 bytes is
// written once, then timed:
//   1. building the Merkle tree from the whole log, as at chanceryd's start;
//   2. a checkpoint after 100 more events: catching up, the root, the chain
//      head's hash, and the Ed25519 signature;
//   3. inclusion proofs of random records in the tree of the whole log;
//   4. consistency proofs from random sizes to the whole log.
// Run from a directory on the disk being measured:
//   build/bin/log_tree_benchmark [EVENTS]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/checkpoint.h"
#include "common/testing/ed25519_keys.h"
#include "eventstore/log_tree.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/temp_dir.h"

namespace chancery::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kBatch = 1000;
constexpr int kRepeats = 1000;

double MicrosSince(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

template <typename T>
T OrDie(absl::StatusOr<T> value) {
  if (!value.ok()) {
    std::fprintf(stderr, "log_tree_benchmark: %s\n", value.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(value);
}

void Append(eventstore::EventStore& store, int first, int count) {
  std::mt19937_64 random(first);
  for (int done = 0; done < count; done += kBatch) {
    eventstore::AppendRequest request;
    request.streams.push_back({absl::StrCat("S", (first + done) / kBatch % 1000),
                               eventstore::ExpectedRevision::Any(), {}});
    for (int i = done; i < std::min(count, done + kBatch); ++i) {
      std::string payload(300, ' ');
      for (char& c : payload) c = static_cast<char>('a' + random() % 26);
      request.streams.back().events.push_back(
          {absl::StrCat("tree-", first + i), "bench.Event", std::move(payload),
           1574726400000000 + first + i});
    }
    OrDie(store.Append(std::move(request)));
  }
}

int Run(int events) {
  testing::TempDir dir(".");
  auto store = OrDie(eventstore::OpenEventStore(absl::StrCat("sqlite:", dir.File("tree.db")),
                                                eventstore::Durability::kNormal));
  std::printf("writing %d events...\n", events);
  Append(*store, 0, events);

  eventstore::LogTree tree(store.get());
  auto start = Clock::now();
  const uint64_t size = OrDie(tree.CatchUp());
  std::printf("tree of %llu records built from the log: %.2f s\n",
              static_cast<unsigned long long>(size), MicrosSince(start) / 1e6);

  const testing::KeyFiles keys = testing::WriteNewKey(dir.File("bench"));
  const Ed25519PrivateKey key = OrDie(Ed25519PrivateKey::ReadPem(keys.private_pem));
  Append(*store, events, 100);
  start = Clock::now();
  for (int i = 0; i < kRepeats; ++i) {
    Checkpoint checkpoint;
    checkpoint.origin = LogOrigin(key.PublicKey());
    checkpoint.size = OrDie(tree.CatchUp());
    checkpoint.root = OrDie(tree.Root(checkpoint.size));
    checkpoint.head_hash =
        OrDie(store->ReadLog({checkpoint.size, "", {}, 1})).front().hash;
    checkpoint.time = absl::Now();
    if (SignCheckpoint(checkpoint, key).empty()) std::abort();
  }
  std::printf("checkpoint (catch up, root, head hash, signature): %.1f us\n",
              MicrosSince(start) / kRepeats);

  const uint64_t head = OrDie(tree.CatchUp());
  std::mt19937_64 random(6962);
  start = Clock::now();
  size_t hashes = 0;
  for (int i = 0; i < kRepeats; ++i) {
    hashes += OrDie(tree.InclusionProof(1 + random() % head, head)).size();
  }
  std::printf("inclusion proof in %llu records: %.1f us, %.1f hashes\n",
              static_cast<unsigned long long>(head), MicrosSince(start) / kRepeats,
              static_cast<double>(hashes) / kRepeats);

  start = Clock::now();
  hashes = 0;
  for (int i = 0; i < kRepeats; ++i) {
    hashes += OrDie(tree.ConsistencyProof(1 + random() % head, head)).size();
  }
  std::printf("consistency proof to %llu records: %.1f us, %.1f hashes\n",
              static_cast<unsigned long long>(head), MicrosSince(start) / kRepeats,
              static_cast<double>(hashes) / kRepeats);
  return 0;
}

}  // namespace
}  // namespace chancery::bench

int main(int argc, char** argv) {
  return chancery::bench::Run(argc > 1 ? std::atoi(argv[1]) : 1000000);
}
