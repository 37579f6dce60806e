// OpenEventStore: the backend named by a store URI, as given to --store.

#ifndef CHANCERY_EVENTSTORE_OPEN_EVENT_STORE_H_
#define CHANCERY_EVENTSTORE_OPEN_EVENT_STORE_H_

#include <memory>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "eventstore/durability.h"
#include "eventstore/event_store.h"

namespace chancery::eventstore {

// OpenEventStore opens `uri`: "sqlite:PATH" for the embedded SQLite backend.
// Any other scheme is INVALID_ARGUMENT naming the schemes this build knows.
absl::StatusOr<std::unique_ptr<EventStore>> OpenEventStore(absl::string_view uri,
                                                           Durability durability);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_OPEN_EVENT_STORE_H_
