// Readers of the details chanceryd attaches to an error status. Calls fail with connect's
// ConnectError; these unpack its details.
import { ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "./gen/google/rpc/error_details_pb.js";
import { type RevisionConflict, RevisionConflictSchema } from "./gen/chancery/v1/concurrency_pb.js";
import { type SubscriptionEnded, SubscriptionEndedSchema } from "./gen/chancery/v1/subscription_pb.js";

/** The request fields a google.rpc.BadRequest detail names, such as `events[0].cameo_code`. */
export function fieldViolations(error: ConnectError): string[] {
  return error.findDetails(BadRequestSchema).flatMap((badRequest) =>
    badRequest.fieldViolations.map((violation) => violation.field));
}

/** The RevisionConflict detail of an ABORTED write. */
export function revisionConflict(error: ConnectError): RevisionConflict | undefined {
  return error.findDetails(RevisionConflictSchema)[0];
}

/** The SubscriptionEnded detail of a subscription the server ended. */
export function subscriptionEnded(error: ConnectError): SubscriptionEnded | undefined {
  return error.findDetails(SubscriptionEndedSchema)[0];
}
