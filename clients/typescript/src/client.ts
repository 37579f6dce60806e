// ChanceryClient: chanceryd's RPCs behind one object with an address, credentials and timeouts.
import * as http2 from "node:http2";
import { type MessageInitShape, create } from "@bufbuild/protobuf";
import { type Client, type Interceptor, createClient } from "@connectrpc/connect";
import { EventLogService, type ReadLogRequestSchema, type ReadStreamRequestSchema, type SubscribeLogResponse,
  SubscribeLogRequestSchema } from "./gen/chancery/v1/event_log_service_pb.js";
import type { LogRecord } from "./gen/chancery/v1/log_record_pb.js";
import { type GetRelationshipRequestSchema, type ListRelationshipsRequestSchema, type RecordEventsRequestSchema,
  RelationsService, type RetractEventRequestSchema, type WatchRelationshipsResponse,
  WatchRelationshipsRequestSchema } from "./gen/chancery/v1/relations_service_pb.js";
import type { RelationshipChange } from "./gen/chancery/v1/relationship_pb.js";
import { Health } from "./gen/health/v1/health_pb.js";
import { bearerToken, checkPlaintextTokenTarget } from "./bearer-token.js";
import { Replicas } from "./replicas.js";
import { type Backoff, type Positioned, ResumingStream, defaultBackoff } from "./resuming-stream.js";
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
  /** Bound on each unary call, in milliseconds (default 30,000; 0 for none). */
  timeoutMs?: number;
  /** Pause between resubscriptions. */
  backoff?: Backoff;
}

/** A connection to chanceryd, or to each of its replicas. Calls fail with connect's ConnectError (see ./errors.js). */
export class ChanceryClient {
  /** The generated clients, for calls this class does not wrap. */
  readonly relations: Client<typeof RelationsService>;
  readonly log: Client<typeof EventLogService>;
  private readonly healthService: Client<typeof Health>;
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
    this.relations = createClient(RelationsService, this.replicas);
    this.log = createClient(EventLogService, this.replicas);
    this.healthService = createClient(Health, this.replicas);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.backoff = options.backoff ?? defaultBackoff;
  }

  /** Closes the connections. */
  close(): void {
    this.replicas.close();
  }

  recordEvents(request: MessageInitShape<typeof RecordEventsRequestSchema>) {
    return this.relations.recordEvents(request, this.unary());
  }

  retractEvent(request: MessageInitShape<typeof RetractEventRequestSchema>) {
    return this.relations.retractEvent(request, this.unary());
  }

  getRelationship(request: MessageInitShape<typeof GetRelationshipRequestSchema>) {
    return this.relations.getRelationship(request, this.unary());
  }

  listRelationships(request: MessageInitShape<typeof ListRelationshipsRequestSchema>) {
    return this.relations.listRelationships(request, this.unary());
  }

  readLog(request: MessageInitShape<typeof ReadLogRequestSchema>) {
    return this.log.readLog(request, this.unary());
  }

  readStream(request: MessageInitShape<typeof ReadStreamRequestSchema>) {
    return this.log.readStream(request, this.unary());
  }

  /** gRPC's health check of the whole server (it needs no token): `status` is SERVING when healthy. */
  health() {
    return this.healthService.check({}, this.unary());
  }

  /** Every matching LogRecord after `afterPosition`, then live ones, until cancelled. */
  subscribeLog(request: MessageInitShape<typeof SubscribeLogRequestSchema> = {}): ResumingStream<LogRecord> {
    const base = create(SubscribeLogRequestSchema, request);
    return new ResumingStream((afterPosition, signal) =>
      unpacked(this.log.subscribeLog({ ...base, afterPosition }, { signal }), unpackLog),
    base.afterPosition, this.backoff);
  }

  /** Every RelationshipChange after `afterPosition`, then live ones, until cancelled. */
  watchRelationships(request: MessageInitShape<typeof WatchRelationshipsRequestSchema> = {}):
      ResumingStream<RelationshipChange> {
    const base = create(WatchRelationshipsRequestSchema, request);
    return new ResumingStream((afterPosition, signal) =>
      unpacked(this.relations.watchRelationships({ ...base, afterPosition }, { signal }), unpackWatch),
    base.afterPosition, this.backoff);
  }

  private unary() {
    return this.timeoutMs > 0 ? { timeoutMs: this.timeoutMs } : {};
  }
}

async function* unpacked<Response, T>(responses: AsyncIterable<Response>,
  unpack: (response: Response) => Positioned<T>[]): AsyncIterable<Positioned<T>[]> {
  for await (const response of responses) yield unpack(response);
}

function unpackLog(response: SubscribeLogResponse): Positioned<LogRecord>[] {
  const content = response.content;
  if (content.case === "records") return content.value.records.map((record) => [record, record.position]);
  return content.case ? [[undefined, content.value.position]] : [];
}

function unpackWatch(response: WatchRelationshipsResponse): Positioned<RelationshipChange>[] {
  const content = response.content;
  if (content.case === "change") return [[content.value, content.value.position]];
  return content.case ? [[undefined, content.value.position]] : [];
}
