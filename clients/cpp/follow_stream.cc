#include "clients/cpp/follow_stream.h"

#include <iostream>

namespace chancery::cli {

SubscribeOptions FollowOptions() {
  SubscribeOptions options;
  options.on_resume = [](const Error& why, uint64_t after_position) {
    std::cerr << "chancery: " << DescribeError(why) << "; resuming after position "
              << after_position << std::endl;
  };
  return options;
}

}  // namespace chancery::cli
