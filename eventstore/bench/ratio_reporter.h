// RatioReporter: Google Benchmark's console output, plus the ratio of each
// measured rate to its baseline measured in the same run.
//
//   RatioReporter reporter({{"BM_StoreAppend", "BM_RawInsert", "batched append", 0.8}});
//   benchmark::RunSpecifiedBenchmarks(&reporter);
//   reporter.PrintRatios();

#ifndef CHANCERY_EVENTSTORE_BENCH_RATIO_REPORTER_H_
#define CHANCERY_EVENTSTORE_BENCH_RATIO_REPORTER_H_

#include <map>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"

namespace chancery::bench {

// The counter every benchmark reports its throughput in.
inline constexpr char kRateCounter[] = "events_per_second";

struct RatioSpec {
  std::string measured;  // Benchmark name (as registered) of the system under test.
  std::string baseline;  // Benchmark name of the baseline.
  std::string label;
  double target;  // The ratio the issue asks for, at least.
};

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  explicit RatioReporter(std::vector<RatioSpec> ratios) : ratios_(std::move(ratios)) {}

  void ReportRuns(const std::vector<Run>& runs) override;
  // PrintRatios prints one line per ratio whose two benchmarks both ran.
  void PrintRatios() const;

 private:
  std::vector<RatioSpec> ratios_;
  std::map<std::string, double> rates_;  // By benchmark name.
};

}  // namespace chancery::bench

#endif  // CHANCERY_EVENTSTORE_BENCH_RATIO_REPORTER_H_
