// OpenEventStore: the backend named by a store URI, as given to --store.

#ifndef CHANCERY_EVENTSTORE_OPEN_EVENT_STORE_H_
#define CHANCERY_EVENTSTORE_OPEN_EVENT_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/durability.h"
#include "eventstore/event_store.h"

namespace chancery::eventstore {

// OpenEventStore opens `uri`: "sqlite:PATH" for the embedded SQLite backend.
// Any other scheme is INVALID_ARGUMENT naming the schemes this build knows.
absl::StatusOr<std::unique_ptr<EventStore>> OpenEventStore(absl::string_view uri,
                                                           Durability durability);

// SidecarPath names a file of the server's own beside the store of `uri`
// (the projections' snapshot): the SQLite database's path plus `suffix`;
// empty for a URI whose store keeps no local file.
std::string SidecarPath(absl::string_view uri, absl::string_view suffix);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_OPEN_EVENT_STORE_H_
