// One line per log record in human output, in fixed-width columns so that
// records printed as they arrive still line up.

#ifndef CHANCERY_CLIENTS_CPP_LOG_LINES_H_
#define CHANCERY_CLIENTS_CPP_LOG_LINES_H_

#include <string>

#include "chancery/v1/log_record.pb.h"

namespace chancery::cli {

// LogHeader is the header line of LogLine's columns.
std::string LogHeader(bool colour);

// LogLine: "     57  2019-11-26  KHM-USA  036 USA>KHM Letter proposing ...".
std::string LogLine(const v1::LogRecord& record, bool colour);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_LOG_LINES_H_
