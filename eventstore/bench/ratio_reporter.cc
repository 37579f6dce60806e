#include "eventstore/bench/ratio_reporter.h"

#include <cstdio>

namespace chancery::bench {

void RatioReporter::ReportRuns(const std::vector<Run>& runs) {
  for (const Run& run : runs) {
    auto rate = run.counters.find(kRateCounter);
    if (rate != run.counters.end()) rates_[run.run_name.function_name] = rate->second.value;
  }
  ConsoleReporter::ReportRuns(runs);
}

void RatioReporter::PrintRatios() const {
  std::printf("\n%-44s %14s %14s %8s %8s\n", "ratio", "measured/s", "baseline/s", "ratio",
              "target");
  for (const RatioSpec& spec : ratios_) {
    auto measured = rates_.find(spec.measured);
    auto baseline = rates_.find(spec.baseline);
    if (measured == rates_.end() || baseline == rates_.end()) continue;
    double ratio = measured->second / baseline->second;
    std::printf("%-44s %14.0f %14.0f %8.2f %7s%.1f %s\n", spec.label.c_str(), measured->second,
                baseline->second, ratio, ">=", spec.target, ratio >= spec.target ? "met" : "MISSED");
  }
}

}  // namespace chancery::bench
