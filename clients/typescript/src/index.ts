// TypeScript client of Chancery's gRPC API (chancery.v1). The generated messages and
// services are under ./gen (import "@chancery/client/gen/chancery/v1/event_pb" and so on).
export { ChanceryClient, type ClientOptions, type ConsumeGroupOptions, type SubscribeOptions } from "./client.js";
export { fieldViolations, revisionConflict, subscriptionEnded } from "./errors.js";
export { type Backoff, defaultBackoff } from "./backoff.js";
export { GroupConsumer, type GroupConsumerOptions } from "./group-consumer.js";
export { ResumingStream, type SubscriptionOptions } from "./resuming-stream.js";
export { Code, ConnectError } from "@connectrpc/connect";
