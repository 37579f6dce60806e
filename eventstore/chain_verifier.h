// ChainVerifier: walks a log in position order, checking that each event
// sits at the next position and links to the one before (hash_chain.h), as
// every backend's VerifyChain does.

#ifndef CHANCERY_EVENTSTORE_CHAIN_VERIFIER_H_
#define CHANCERY_EVENTSTORE_CHAIN_VERIFIER_H_

#include <string>

#include "eventstore/event.h"
#include "eventstore/event_store.h"

namespace chancery::eventstore {

class ChainVerifier {
 public:
  ChainVerifier();

  // Check takes the next event of the log: true if it is the next link;
  // false if not, and then result() names the first bad position.
  bool Check(RecordedEvent event);

  // The outcome so far: once every event is checked, the log's.
  const VerifyResult& result() const { return result_; }

 private:
  VerifyResult result_;  // head_hash holds the last good hash.
};

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_CHAIN_VERIFIER_H_
