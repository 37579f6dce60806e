// Event ids the CLI makes: stable ones for imported rows, random ones for
// `chancery record`.

#ifndef CHANCERY_CLIENTS_CPP_EVENT_IDS_H_
#define CHANCERY_CLIENTS_CPP_EVENT_IDS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace chancery::cli {

// The namespace of NameBasedEventId, fixed for good: changing it would give
// every imported row a new id, and a re-import would record everything twice.
inline constexpr absl::string_view kImportNamespace = "9c1d6a2e-5b7f-4e38-a0d4-3f2b8c61e7a9";

// NameBasedEventId is the RFC 4122 version 5 (SHA-1, name-based) UUID of
// `name` in kImportNamespace, lower-case: the same name always gives the same
// id. Importers use "gdelt:<GLOBALEVENTID>" and "icews:<Event ID>".
std::string NameBasedEventId(absl::string_view name);

// RandomEventId is a random (version 4) UUID, lower-case.
std::string RandomEventId();

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_EVENT_IDS_H_
