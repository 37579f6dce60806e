// EventSender: records an import's events in batched RecordEvents calls (and
// its observations of representation in batched RecordObservations calls),
// several in flight, and its retractions in order.
//
// Events are gathered into batches (up to `batch_size` events or 3 MiB, under
// the server's 1,000 events and 4 MiB) handed to `in_flight` worker threads,
// each making one call at a time; the caller blocks while every worker is
// busy and one batch waits, so memory stays bounded whatever the file size.
// Each batch is sent with `partial_success`, so the server records its good
// events and refuses each bad one on its own: those rows are rejected with
// the server's reason. UNAVAILABLE and DEADLINE_EXCEEDED are retried a few
// times (the call is idempotent). Any other error, or retries spent, stops the
// import: the rows of the failed batch and of those waiting are rejected as
// not recorded, so every row read is still accounted for, and importing the
// file again records them (and nothing twice).
//
// Batches in flight together may commit in either order. A retraction waits
// for every batch before it (so the event it retracts is recorded), and so
// does an import that must keep the file's order (in_flight = 1).

#ifndef CHANCERY_CLIENTS_CPP_EVENT_SENDER_H_
#define CHANCERY_CLIENTS_CPP_EVENT_SENDER_H_

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "chancery/v1/relations_service.pb.h"
#include "chancery/client.h"
#include "clients/cpp/import_ledger.h"

namespace chancery::cli {

class EventSender {
 public:
  // The defaults are what measured fastest (README "chancery import"):
  // the server commits what is in flight together, and the more events a
  // transaction holds, the fewer index pages it writes per event.
  struct Options {
    int batch_size = 1000;
    int in_flight = 8;
  };

  EventSender(const Client& client, Options options, ImportLedger& ledger);
  ~EventSender();  // Finishes.

  // Add queues the event (or observation) of row `line`; it may wait for a
  // free worker. A batch holds events or observations, not both.
  void Add(RowRef line, v1::DiplomaticEvent event);
  void Add(RowRef line, v1::RepresentationObservation observation);
  // Retract records `retraction` (row `line`) once every event added
  // before it is recorded.
  void Retract(const RowRef& line, const v1::Retraction& retraction);
  // Finish sends what is left, waits for it, and returns the error that
  // stopped the import, or OK.
  Result<void> Finish();
  // failed tells whether an error stopped the import; the caller should stop reading.
  bool failed() const;

 private:
  struct Batch {
    v1::RecordEventsRequest request;                // Its events, or
    v1::RecordObservationsRequest observations;     // its observations.
    std::vector<RowRef> lines;  // The row of each event (or observation), in order.
    size_t bytes = 0;
  };

  Result<void> error() const;  // The error that stopped the import, or OK.
  // Room makes room in `pending_` for the record of row `line`, of `bytes`
  // and of the kind `observation` says, submitting it when full or of the
  // other kind; false (the row rejected) for a record too big for any request.
  bool Room(const RowRef& line, size_t bytes, bool observation);
  // Added notes that the record of row `line`, of `bytes`, joined `pending_`,
  // and submits it when full.
  void Added(RowRef line, size_t bytes);
  void Submit();               // Hands `pending_` to the workers.
  void Flush();   // Submits and waits until every batch is done.
  void Work();
  Result<void> Send(const Batch& batch);
  // RejectUnsent tells the ledger that the rows of file lines `lines` were
  // not recorded because of `error`.
  void RejectUnsent(const std::vector<RowRef>& lines, const Error& error);
  void Fail(const Error& error);

  const Client& client_;
  const Options options_;
  ImportLedger& ledger_;
  Batch pending_;  // Being filled by Add, on the caller's thread.

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> queue_;
  int busy_ = 0;  // Workers sending a batch.
  bool closing_ = false;
  Result<void> error_;  // The first error that stopped the import.
  std::vector<std::thread> workers_;
};

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_EVENT_SENDER_H_
