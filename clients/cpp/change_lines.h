// One line per relationship change in human output, as `watch` prints them.

#ifndef CHANCERY_CLIENTS_CPP_CHANGE_LINES_H_
#define CHANCERY_CLIENTS_CPP_CHANGE_LINES_H_

#include <string>

#include "chancery/v1/relations_service.pb.h"

namespace chancery::cli {

// ChangeLine: "     57  KHM-USA  NORMAL -> STRAINED  score 1.20 -> -3.40  COOLING  173 USA>KHM
// ...".
std::string ChangeLine(const v1::RelationshipChange& change, bool colour);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_CHANGE_LINES_H_
