// Runs every vector of tests/conformance/vectors against a chanceryd of its own.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { type DescMessage, type JsonValue, type Message, fromJson, toJson } from "@bufbuild/protobuf";
import { ChanceryClient, Code, ConnectError, GroupConsumer, ResumingStream, type SubscribeOptions, fieldViolations,
  revisionConflict } from "../src/index.js";
import { ReadLogRequestSchema, ReadLogResponseSchema, ReadStreamRequestSchema, ReadStreamResponseSchema,
  SubscribeLogRequestSchema } from "../src/gen/chancery/v1/event_log_service_pb.js";
import { LogRecordSchema } from "../src/gen/chancery/v1/log_record_pb.js";
import { GetRelationshipRequestSchema, GetRelationshipResponseSchema, ListRelationshipsRequestSchema,
  ListRelationshipsResponseSchema, RecordEventsRequestSchema, RecordEventsResponseSchema, RetractEventRequestSchema,
  RetractEventResponseSchema, WatchRelationshipsRequestSchema } from "../src/gen/chancery/v1/relations_service_pb.js";
import { RevisionConflictSchema } from "../src/gen/chancery/v1/concurrency_pb.js";
import { RelationshipChangeSchema } from "../src/gen/chancery/v1/relationship_pb.js";
import { GroupDeliverySchema } from "../src/gen/chancery/v1/subscription_group_pb.js";
import { CreateGroupRequestSchema, CreateGroupResponseSchema, DeleteGroupRequestSchema, DeleteGroupResponseSchema,
  GetGroupRequestSchema, GetGroupResponseSchema, JoinGroupSchema, ListGroupsRequestSchema, ListGroupsResponseSchema,
  ListParkedEventsRequestSchema, ListParkedEventsResponseSchema, ReplayParkedEventsRequestSchema,
  ReplayParkedEventsResponseSchema, ResetGroupRequestSchema,
  ResetGroupResponseSchema } from "../src/gen/chancery/v1/subscription_group_service_pb.js";
import { HealthCheckResponseSchema } from "../src/gen/health/v1/health_pb.js";
import { Chanceryd, repoRoot } from "./chanceryd.js";
import { mismatches } from "./match.js";
import { type ServerSecurity, clientOptions, makeTestPki, serverFlags } from "./vector-security.js";

interface ExpectedError { code: string; fieldViolations?: string[]; revisionConflict?: JsonValue }
interface Step {
  op: string; as?: string; name?: string; subscription?: string; request?: JsonValue; fromNow?: boolean;
  retryUntilMatch?: boolean; consumer?: string; positions?: number[]; reason?: string;
  expect?: { response?: JsonValue; items?: JsonValue[]; error?: ExpectedError; position?: number };
}

// op -> how to call it: request type, client method, response type.
const unary: Record<string, [DescMessage, (c: ChanceryClient, request: never) => Promise<Message>, DescMessage]> = {
  record: [RecordEventsRequestSchema, (c, r) => c.recordEvents(r), RecordEventsResponseSchema],
  retract: [RetractEventRequestSchema, (c, r) => c.retractEvent(r), RetractEventResponseSchema],
  getRelationship: [GetRelationshipRequestSchema, (c, r) => c.getRelationship(r), GetRelationshipResponseSchema],
  listRelationships: [ListRelationshipsRequestSchema, (c, r) => c.listRelationships(r), ListRelationshipsResponseSchema],
  readLog: [ReadLogRequestSchema, (c, r) => c.readLog(r), ReadLogResponseSchema],
  readStream: [ReadStreamRequestSchema, (c, r) => c.readStream(r), ReadStreamResponseSchema],
  createGroup: [CreateGroupRequestSchema, (c, r) => c.createGroup(r), CreateGroupResponseSchema],
  getGroup: [GetGroupRequestSchema, (c, r) => c.getGroup(r), GetGroupResponseSchema],
  listGroups: [ListGroupsRequestSchema, (c, r) => c.listGroups(r), ListGroupsResponseSchema],
  resetGroup: [ResetGroupRequestSchema, (c, r) => c.resetGroup(r), ResetGroupResponseSchema],
  deleteGroup: [DeleteGroupRequestSchema, (c, r) => c.deleteGroup(r), DeleteGroupResponseSchema],
  listParkedEvents: [ListParkedEventsRequestSchema, (c, r) => c.listParkedEvents(r), ListParkedEventsResponseSchema],
  replayParkedEvents: [ReplayParkedEventsRequestSchema, (c, r) => c.replayParkedEvents(r),
    ReplayParkedEventsResponseSchema],
};

type Stream = ResumingStream<Message> | GroupConsumer;
const subscriptions: Record<string, (c: ChanceryClient, request: JsonValue, options: SubscribeOptions) => Subscription> = {
  subscribeLog: (c, request, options) =>
    new Subscription((onCaughtUp) => c.subscribeLog(fromJson(SubscribeLogRequestSchema, request), { ...options, onCaughtUp }),
      LogRecordSchema),
  watchRelationships: (c, request, options) =>
    new Subscription((onCaughtUp) =>
      c.watchRelationships(fromJson(WatchRelationshipsRequestSchema, request), { ...options, onCaughtUp }),
    RelationshipChangeSchema),
  consumeGroup: (c, request) => new Subscription(() => c.consumeGroup(fromJson(JoinGroupSchema, request)),
    GroupDeliverySchema),
};

/**
 * A subscription (or a group consumer) iterated in the background, as the C++ runner's
 * SubscriptionQueue follows it:
 * its items are queued for `next` steps, and the iteration goes on meanwhile, so that the
 * client reports the caught-up moment whether or not a step takes the items before it.
 */
class Subscription {
  readonly stream: Stream;
  readonly reported: bigint[] = [];  // The positions passed to onCaughtUp.
  private readonly queue: Message[] = [];
  private ended: { error?: unknown } | undefined;
  private wake: (() => void) | undefined;

  constructor(subscribe: (onCaughtUp: (position: bigint) => void) => Stream, readonly itemType: DescMessage) {
    this.stream = subscribe((position) => this.reported.push(position));
    void this.pump();
  }

  cancel(): void {
    if (this.stream instanceof GroupConsumer) this.stream.close();
    else this.stream.cancel();
  }

  /** The next item; the subscription's error once it has ended with one. */
  async next(where: string): Promise<Message> {
    while (this.queue.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.queue.length > 0) return this.queue.shift()!;
    if (this.ended?.error !== undefined) throw this.ended.error;
    assert.fail(`${where}: the subscription ended`);
  }

  private async pump(): Promise<void> {
    try {
      for await (const item of this.stream) {
        this.queue.push(item);
        this.notify();
      }
      this.ended = {};
    } catch (error) {
      this.ended = { error };
    }
    this.notify();
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }
}

const temp = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));
let pki: string;
before(() => {
  pki = makeTestPki(temp("chancery-pki-"));
});
after(() => rmSync(pki, { recursive: true }));

const vectorDir = path.join(repoRoot, "tests", "conformance", "vectors");
for (const file of readdirSync(vectorDir).filter((name) => name.endsWith(".json")).sort()) {
  test(file.replace(/\.json$/, ""), async () => {
    const vector: { server?: ServerSecurity; steps: Step[] } =
      JSON.parse(readFileSync(path.join(vectorDir, file), "utf8"));
    const security = vector.server ?? {};
    const dir = temp("chancery-");
    const server = new Chanceryd(path.join(dir, "chancery.db"), serverFlags(security, pki, dir));
    await server.start();
    const clients = new Map<string | undefined, ChanceryClient>(); // One per principal ("as").
    const open: Record<string, Subscription> = {};
    try {
      for (const [index, step] of vector.steps.entries()) {
        if (!clients.has(step.as)) {
          clients.set(step.as, new ChanceryClient(server.address, clientOptions(security, pki, step.as)));
        }
        await runStep(step, clients.get(step.as)!, server, open, `step ${index} (${step.op})`);
      }
    } finally {
      Object.values(open).forEach((subscription) => subscription.cancel());
      clients.forEach((client) => client.close());
      await server.stop();
    }
  });
}

async function runStep(step: Step, client: ChanceryClient, server: Chanceryd,
  open: Record<string, Subscription>, where: string): Promise<void> {
  const expect = step.expect ?? {};
  if (step.op in unary) {
    const [requestType, call, responseType] = unary[step.op];
    const request = fromJson(requestType, step.request ?? {});
    const once = () => call(client, request as never);
    await checkOutcome(step.retryUntilMatch ? () => untilMatch(once, responseType, expect.response) : once, expect,
      "response", where, (response) => json(responseType, response));
  } else if (step.op === "health") {
    await checkOutcome(() => client.health(), expect, "response", where,
      (response) => json(HealthCheckResponseSchema, response));
  } else if (step.op in subscriptions) {
    open[step.name!] = subscriptions[step.op](client, step.request ?? {}, { fromNow: step.fromNow === true });
  } else if (step.op === "next") {
    const subscription = open[step.subscription!];
    // Reads as many items as expected, or one when an error is expected instead.
    const count = expect.items ? expect.items.length : 1;
    await checkOutcome(async () => {
      const items: Message[] = [];
      while (items.length < count) {
        items.push(await subscription.next(where));
      }
      return items;
    }, expect, "items", where, (items) => items.map((item) => json(subscription.itemType, item)));
  } else if (step.op === "caughtUp") {
    // Waits (up to 30 s) for the client to report the first CaughtUp marker; takes no item.
    const subscription = open[step.subscription!];
    assert.ok(subscription.stream instanceof ResumingStream, `${where}: not a subscription`);
    let timer: NodeJS.Timeout | undefined;
    const position = await Promise.race([subscription.stream.caughtUp, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${where}: not caught up within 30 s`)), 30_000);
    })]).finally(() => clearTimeout(timer));
    assert.equal(position, BigInt(expect.position!), `${where}: the caught-up position`);
    assert.ok(subscription.stream.isCaughtUp, `${where}: isCaughtUp`);
    assert.deepEqual(subscription.reported, [position], `${where}: onCaughtUp, called once`);
  } else if (step.op === "ack" || step.op === "nack") {
    const consumer = open[step.consumer!].stream;
    assert.ok(consumer instanceof GroupConsumer, `${where}: not a group consumer`);
    const positions = step.positions!.map(BigInt);
    if (step.op === "ack") consumer.ack(...positions);
    else consumer.nack(positions, step.reason);
  } else if (step.op === "cancel") {
    open[step.subscription!].cancel();
    delete open[step.subscription!];
  } else if (step.op === "restartServer") {
    await server.restart();
  } else {
    assert.fail(`${where}: unknown op`);
  }
}

/**
 * Calls every 100 ms, up to 10 s, until the response matches `expected`; returns the last one.
 * For state that acknowledgements change: they travel on a stream and arrive a moment later.
 */
async function untilMatch(call: () => Promise<Message>, responseType: DescMessage,
  expected: JsonValue | undefined): Promise<Message> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await call();
    if (mismatches(expected, json(responseType, response)).length === 0 || Date.now() >= deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `call`; checks its result against expect[key], or its error against expect.error. */
async function checkOutcome<R>(call: () => Promise<R>, expect: NonNullable<Step["expect"]>,
  key: "response" | "items", where: string, asJson: (result: R) => JsonValue): Promise<void> {
  let result: R;
  try {
    result = await call();
  } catch (error) {
    if (!(error instanceof ConnectError) || !expect.error) throw error;
    checkError(error, expect.error, where);
    return;
  }
  assert.ok(!expect.error, `${where}: expected ${expect.error?.code}, got success`);
  if (expect[key] !== undefined) {
    const problems = mismatches(expect[key], asJson(result));
    assert.deepEqual(problems, [], where);
  }
}

function checkError(error: ConnectError, expected: ExpectedError, where: string): void {
  assert.equal(codeName(error.code), expected.code, `${where}: ${error.message}`);
  if (expected.fieldViolations) {
    assert.deepEqual([...fieldViolations(error)].sort(), [...expected.fieldViolations].sort(), where);
  }
  if (expected.revisionConflict !== undefined) {
    const conflict = revisionConflict(error);
    assert.ok(conflict, `${where}: no RevisionConflict detail`);
    assert.deepEqual(mismatches(expected.revisionConflict, json(RevisionConflictSchema, conflict)), [], where);
  }
}

/** Proto JSON with every field, defaults included, so `"revision": 0` can be matched. */
function json(schema: DescMessage, message: Message): JsonValue {
  return toJson(schema, message, { alwaysEmitImplicit: true });
}

/** INVALID_ARGUMENT from connect's Code.InvalidArgument. */
function codeName(code: Code): string {
  return code === Code.Canceled ? "CANCELLED" : Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}
