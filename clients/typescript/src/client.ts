// ChanceryClient: chanceryd's RPCs behind one object with an address, credentials and timeouts.
import type * as http2 from "node:http2";
import { type MessageInitShape, create } from "@bufbuild/protobuf";
import { type CallOptions, type Client, type Interceptor, type Transport, createClient } from "@connectrpc/connect";
import { AuditService, type ExportLogRequestSchema, type GetCheckpointRequestSchema,
  type GetConsistencyProofRequestSchema, type GetInclusionProofRequestSchema, type ReplayRelationshipRequestSchema,
  type ReplayRelationshipResponse, type VerifyLogRequestSchema } from "./gen/chancery/v1/audit_service_pb.js";
import { EventLogService, type ReadLogRequestSchema, type ReadStreamRequestSchema, type SubscribeLogResponse,
  SubscribeLogRequestSchema } from "./gen/chancery/v1/event_log_service_pb.js";
import type { LogRecord } from "./gen/chancery/v1/log_record_pb.js";
import { type GetActorProfileRequestSchema, type GetRelationshipRequestSchema, type GetTimelineRequestSchema,
  type ListRelationshipsRequestSchema, type RecordEventsRequestSchema, type RecordObservationsRequestSchema,
  RelationsService, type RetractEventRequestSchema, type WatchRelationshipsResponse,
  WatchRelationshipsRequestSchema } from "./gen/chancery/v1/relations_service_pb.js";
import type { RelationshipChange } from "./gen/chancery/v1/relationship_pb.js";
import { type CreateGroupRequestSchema, type DeleteGroupRequestSchema, type GetGroupRequestSchema, JoinGroupSchema,
  type ListGroupsRequestSchema, type ListParkedEventsRequestSchema, type ReplayParkedEventsRequestSchema,
  type ResetGroupRequestSchema, SubscriptionGroupService } from "./gen/chancery/v1/subscription_group_service_pb.js";
import { Health } from "./gen/health/v1/health_pb.js";
import { type Backoff, defaultBackoff } from "./backoff.js";
import { bearerToken, checkPlaintextTokenTarget } from "./bearer-token.js";
import { GroupConsumer, type GroupConsumerOptions } from "./group-consumer.js";
import { Replicas } from "./replicas.js";
import { type Positioned, ResumingStream, type SubscriptionOptions } from "./resuming-stream.js";
import { serverAddresses } from "./servers.js";


export interface ClientOptions {
  /**
   * TLS options; when given the connection uses TLS, otherwise plaintext (the default). `ca` is
   * the PEM of the CA that signed chanceryd's certificate; `cert` and `key` the client's
   * certificate chain and key, for mutual TLS (strings or Buffers, as from readFileSync).
   */
  tls?: http2.SecureClientSessionOptions;
  /**
   * Sent as "authorization: Bearer <token>" with every call. Without `tls` only to loopback
   * addresses (the constructor throws otherwise), where chanceryd accepts tokens without TLS.
   */
  token?: string;
  /** Bound on each unary call, in milliseconds (default 30,000; 0 for none); a call's own `timeoutMs` overrides it. */
  timeoutMs?: number;
  /** Pause between resubscriptions, and between a group consumer's joins. */
  backoff?: Backoff;
}

/**
 * Options of one call (connect's CallOptions): `signal` cancels it, `timeoutMs` bounds it (for
 * a unary call it replaces the client's `timeoutMs`, 0 for none; streams have no bound unless
 * given one), `headers` are sent with it (and with every resubscription of a subscription).
 */
export type { CallOptions };

/**
 * Options of subscribeLog and watchRelationships: the call options, and
 * - `fromNow`: start after the head of the log as it is when subscribing (the client asks for it
 *   with ReadLog), whatever the request's `afterPosition`; resumptions go on from the last
 *   position received, as always;
 * - `onCaughtUp`: called once, with its position, when the iteration reaches the first CaughtUp
 *   marker (as the stream's `caughtUp` promise resolves).
 */
export interface SubscribeOptions extends CallOptions, SubscriptionOptions {
  fromNow?: boolean;
}

/**
 * Options of consumeGroup: the call options (`signal` leaves the group, `timeoutMs` bounds the
 * consumer as a whole, `headers` go with every join), and `onRefused`, called with each
 * `refused` message.
 */
export interface ConsumeGroupOptions extends CallOptions, GroupConsumerOptions {}

/** A connection to chanceryd, or to each of its replicas. Calls fail with connect's ConnectError (see ./errors.js). */
export class ChanceryClient {
  /** The transport over the replicas, for createClient(AnyService, client.transport). */
  readonly transport: Transport;
  /** The generated clients, for calls with connect's own options. */
  readonly relations: Client<typeof RelationsService>;
  readonly log: Client<typeof EventLogService>;
  readonly audit: Client<typeof AuditService>;
  readonly groups: Client<typeof SubscriptionGroupService>;
  readonly healthService: Client<typeof Health>;
  private readonly replicas: Replicas;
  private readonly timeoutMs: number;
  private readonly backoff: Backoff;

  /**
   * `servers` is one `host:port`, such as `127.0.0.1:50051` or `chancery.internal:50051`, or
   * several replicas' `ip:port` (all IPv4 or all `[IPv6]`), as one string separated by commas
   * or as an array. Calls go round robin over the replicas, and a call that finds its replica
   * unavailable is tried again on another (a host name is one replica: the connection goes to
   * one of its addresses). Throws a ConnectError with Code.InvalidArgument for a malformed list.
   */
  constructor(servers: string | string[], options: ClientOptions = {}) {
    const addresses = serverAddresses(typeof servers === "string" ? servers : servers.join(","));
    const interceptors: Interceptor[] = [];
    if (options.token !== undefined) {
      if (!options.tls) addresses.forEach(checkPlaintextTokenTarget);
      interceptors.push(bearerToken(options.token));
    }
    this.replicas = new Replicas(addresses, options.tls, interceptors);
    this.transport = this.replicas;
    this.relations = createClient(RelationsService, this.replicas);
    this.log = createClient(EventLogService, this.replicas);
    this.audit = createClient(AuditService, this.replicas);
    this.groups = createClient(SubscriptionGroupService, this.replicas);
    this.healthService = createClient(Health, this.replicas);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.backoff = options.backoff ?? defaultBackoff;
  }

  /** Closes the connections. */
  close(): void {
    this.replicas.close();
  }

  // RelationsService

  recordEvents(request: MessageInitShape<typeof RecordEventsRequestSchema>, options?: CallOptions) {
    return this.relations.recordEvents(request, this.unary(options));
  }

  retractEvent(request: MessageInitShape<typeof RetractEventRequestSchema>, options?: CallOptions) {
    return this.relations.retractEvent(request, this.unary(options));
  }

  recordObservations(request: MessageInitShape<typeof RecordObservationsRequestSchema>, options?: CallOptions) {
    return this.relations.recordObservations(request, this.unary(options));
  }

  getRelationship(request: MessageInitShape<typeof GetRelationshipRequestSchema>, options?: CallOptions) {
    return this.relations.getRelationship(request, this.unary(options));
  }

  listRelationships(request: MessageInitShape<typeof ListRelationshipsRequestSchema>, options?: CallOptions) {
    return this.relations.listRelationships(request, this.unary(options));
  }

  getTimeline(request: MessageInitShape<typeof GetTimelineRequestSchema>, options?: CallOptions) {
    return this.relations.getTimeline(request, this.unary(options));
  }

  getActorProfile(request: MessageInitShape<typeof GetActorProfileRequestSchema>, options?: CallOptions) {
    return this.relations.getActorProfile(request, this.unary(options));
  }

  /** Every RelationshipChange after `afterPosition` (or from now), then live ones, until cancelled. */
  watchRelationships(request: MessageInitShape<typeof WatchRelationshipsRequestSchema> = {},
    options: SubscribeOptions = {}): ResumingStream<RelationshipChange> {
    const base = create(WatchRelationshipsRequestSchema, request);
    const { fromNow, onCaughtUp, ...callOptions } = options;
    return new ResumingStream((afterPosition, call) =>
      unpacked(this.relations.watchRelationships({ ...base, afterPosition }, { ...callOptions, ...call }), unpackWatch),
    fromNow ? this.headOf(callOptions) : base.afterPosition, this.backoff, options);
  }

  // EventLogService

  readLog(request: MessageInitShape<typeof ReadLogRequestSchema>, options?: CallOptions) {
    return this.log.readLog(request, this.unary(options));
  }

  readStream(request: MessageInitShape<typeof ReadStreamRequestSchema>, options?: CallOptions) {
    return this.log.readStream(request, this.unary(options));
  }

  /** Every matching LogRecord after `afterPosition` (or from now), then live ones, until cancelled. */
  subscribeLog(request: MessageInitShape<typeof SubscribeLogRequestSchema> = {},
    options: SubscribeOptions = {}): ResumingStream<LogRecord> {
    const base = create(SubscribeLogRequestSchema, request);
    const { fromNow, onCaughtUp, ...callOptions } = options;
    return new ResumingStream((afterPosition, call) =>
      unpacked(this.log.subscribeLog({ ...base, afterPosition }, { ...callOptions, ...call }), unpackLog),
    fromNow ? this.headOf(callOptions) : base.afterPosition, this.backoff, options);
  }

  // AuditService

  /** Walks the hash chain up to the head; a long log needs a `timeoutMs` to match. */
  verifyLog(request: MessageInitShape<typeof VerifyLogRequestSchema> = {}, options?: CallOptions) {
    return this.audit.verifyLog(request, this.unary(options));
  }

  /** Every record from `startPosition` to the head of the log when the call starts (not resumed by itself). */
  async *exportLog(request: MessageInitShape<typeof ExportLogRequestSchema> = {},
    options: CallOptions = {}): AsyncGenerator<LogRecord> {
    for await (const response of this.audit.exportLog(request, options)) yield response.record!;
  }

  /** A dyad's events in date order, each with the relationship just after it. */
  replayRelationship(request: MessageInitShape<typeof ReplayRelationshipRequestSchema>,
    options: CallOptions = {}): AsyncIterable<ReplayRelationshipResponse> {
    return this.audit.replayRelationship(request, options);
  }

  /** The signed checkpoint of the log (chanceryd needs `--signing-key`). */
  getCheckpoint(request: MessageInitShape<typeof GetCheckpointRequestSchema> = {}, options?: CallOptions) {
    return this.audit.getCheckpoint(request, this.unary(options));
  }

  getInclusionProof(request: MessageInitShape<typeof GetInclusionProofRequestSchema>, options?: CallOptions) {
    return this.audit.getInclusionProof(request, this.unary(options));
  }

  getConsistencyProof(request: MessageInitShape<typeof GetConsistencyProofRequestSchema>, options?: CallOptions) {
    return this.audit.getConsistencyProof(request, this.unary(options));
  }

  // SubscriptionGroupService

  /** Creates a group; creating the same definition again returns the existing group (`created` false). */
  createGroup(request: MessageInitShape<typeof CreateGroupRequestSchema>, options?: CallOptions) {
    return this.groups.createGroup(request, this.unary(options));
  }

  getGroup(request: MessageInitShape<typeof GetGroupRequestSchema>, options?: CallOptions) {
    return this.groups.getGroup(request, this.unary(options));
  }

  listGroups(request: MessageInitShape<typeof ListGroupsRequestSchema> = {}, options?: CallOptions) {
    return this.groups.listGroups(request, this.unary(options));
  }

  resetGroup(request: MessageInitShape<typeof ResetGroupRequestSchema>, options?: CallOptions) {
    return this.groups.resetGroup(request, this.unary(options));
  }

  deleteGroup(request: MessageInitShape<typeof DeleteGroupRequestSchema>, options?: CallOptions) {
    return this.groups.deleteGroup(request, this.unary(options));
  }

  listParkedEvents(request: MessageInitShape<typeof ListParkedEventsRequestSchema>, options?: CallOptions) {
    return this.groups.listParkedEvents(request, this.unary(options));
  }

  replayParkedEvents(request: MessageInitShape<typeof ReplayParkedEventsRequestSchema>, options?: CallOptions) {
    return this.groups.replayParkedEvents(request, this.unary(options));
  }

  /**
   * Joins a group as a consumer (`group`, and optionally `consumerName` and `maxInFlight`): the
   * group's deliveries to it, as they come, until it leaves; it joins again after UNAVAILABLE.
   */
  consumeGroup(join: MessageInitShape<typeof JoinGroupSchema>, options: ConsumeGroupOptions = {}): GroupConsumer {
    const { onRefused, ...callOptions } = options;
    return new GroupConsumer((requests, call) => this.groups.consumeGroup(requests, { ...callOptions, ...call }),
      create(JoinGroupSchema, join), this.backoff, options);
  }

  /** gRPC's health check of the whole server (it needs no token): `status` is SERVING when healthy. */
  health(options?: CallOptions) {
    return this.healthService.check({}, this.unary(options));
  }

  /**
   * For a subscription from now: asks for the head of the log (ReadLog, one record at most), with
   * the subscription's headers, its signal, and the time left of its timeout or the client's.
   */
  private headOf(options: CallOptions) {
    return async (call: { signal: AbortSignal; timeoutMs?: number }) =>
      (await this.log.readLog({ pageSize: 1 }, this.unary({ ...options, ...call }))).headPosition;
  }

  /** The call's options, with the client's timeout unless the call gives its own (0: none). */
  private unary(options: CallOptions = {}): CallOptions {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    return { ...options, timeoutMs: timeoutMs > 0 ? timeoutMs : undefined };
  }
}

async function* unpacked<Response, T>(responses: AsyncIterable<Response>,
  unpack: (response: Response) => Positioned<T>[]): AsyncIterable<Positioned<T>[]> {
  for await (const response of responses) yield unpack(response);
}

function unpackLog(response: SubscribeLogResponse): Positioned<LogRecord>[] {
  const content = response.content;
  if (content.case === "records") return content.value.records.map((record) => [record, record.position]);
  return content.case ? [[undefined, content.value.position, content.case === "caughtUp"]] : [];
}

function unpackWatch(response: WatchRelationshipsResponse): Positioned<RelationshipChange>[] {
  const content = response.content;
  if (content.case === "change") return [[content.value, content.value.position]];
  return content.case ? [[undefined, content.value.position, content.case === "caughtUp"]] : [];
}
