// The group consumer against a real chanceryd: two consumers share a group's streams, what a
// consumer leaves unacknowledged goes to another, a stream's next event waits until its last is
// acknowledged, acknowledgements given before leaving are sent, refusals and heartbeats reach the
// consumer, and an error it does not retry ends it.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { ChanceryClient, Code, ConnectError, type GroupConsumer } from "../src/index.js";
import { type GroupDelivery, GroupSource } from "../src/gen/chancery/v1/subscription_group_pb.js";
import type { RefusedAcknowledgements } from "../src/gen/chancery/v1/subscription_group_service_pb.js";
import { Chanceryd } from "./chanceryd.js";

let dir: string;
let server: Chanceryd;
let client: ChanceryClient;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "chancery-groups-"));
  server = new Chanceryd(path.join(dir, "chancery.db"));
  await server.start();
  client = new ChanceryClient(server.address);
});

after(async () => {
  client.close();
  await server.stop();
  rmSync(dir, { recursive: true });
});

// NOR's dyads with these are eight streams.
const partners = ["NZL", "SWE", "FIN", "DNK", "ISL", "EST", "LVA", "LTU"];
const newEvent = (partner: string) => ({ eventId: randomUUID() as string, occurDate: { year: 2022, month: 6, day: 1 },
  source: { code: "NOR" }, target: { code: partner }, cameoCode: "036" });

/** A new group of every log record recorded from now on. */
async function newGroup(): Promise<string> {
  const name = `test-${randomUUID()}`;
  await client.createGroup({ group: { name, source: GroupSource.LOG } });
  return name;
}

const stateOf = async (name: string) => (await client.getGroup({ name })).state!;

/** Waits (every 50 ms, up to 10 s) until `condition` holds. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    assert.ok(Date.now() < deadline, `not within 10 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Iterates `consumer` into `got`, acknowledging each delivery when `ack`, until it ends. */
async function drain(consumer: GroupConsumer, got: GroupDelivery[], ack: boolean): Promise<void> {
  for await (const delivery of consumer) {
    got.push(delivery);
    if (ack) consumer.ack(delivery.position);
  }
}

/** Runs `call` and returns the code it fails with. */
async function failure(call: () => Promise<unknown>): Promise<Code> {
  try {
    await call();
  } catch (error) {
    return ConnectError.from(error).code;
  }
  assert.fail("the call succeeded");
}

const streamOf = (delivery: GroupDelivery) => delivery.content.case === "record" ? delivery.content.value.stream : "";
const positionsOf = (deliveries: GroupDelivery[]) =>
  deliveries.map((delivery) => delivery.position).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

test("two consumers share a group's streams, and together get every event once", async () => {
  const name = await newGroup();
  const consumers = [client.consumeGroup({ group: name, consumerName: "a" }),
    client.consumeGroup({ group: name, consumerName: "b" })];
  const got: GroupDelivery[][] = [[], []];
  const ended = consumers.map((consumer, index) => drain(consumer, got[index], true));
  await waitFor("both consumers joined", async () => (await stateOf(name)).consumerCount === 2);
  const { results } = await client.recordEvents({ events: partners.flatMap((partner) =>
    [newEvent(partner), newEvent(partner), newEvent(partner)]) });
  const head = results.at(-1)!.position;
  await waitFor("every event delivered", () => got[0].length + got[1].length >= results.length);
  await waitFor("the checkpoint at the head", async () => (await stateOf(name)).checkpoint === head);
  consumers.forEach((consumer) => consumer.close());
  await Promise.all(ended);

  assert.deepEqual(positionsOf(got.flat()), results.map((result) => result.position));
  assert.ok(got.flat().every((delivery) => delivery.attempt === 1));
  assert.ok(got[0].length > 0 && got[1].length > 0, `shared: ${got[0].length} and ${got[1].length} events`);
  for (const stream of new Set(results.map((result) => result.stream))) {
    const takers = got.map((deliveries) => deliveries.filter((delivery) => streamOf(delivery) === stream));
    assert.equal(takers.filter((taken) => taken.length > 0).length, 1, `${stream} went to one consumer`);
    const taken = takers.flat().map((delivery) => delivery.position);
    assert.deepEqual(taken, positionsOf(takers.flat()), `${stream} in position order`);
  }
});

test("what a consumer leaves unacknowledged goes to another; a stream's next event waits for its last", async (t) => {
  const name = await newGroup();
  const first = client.consumeGroup({ group: name, consumerName: "first" });
  const second = client.consumeGroup({ group: name, consumerName: "second" });
  t.after(() => [first, second].forEach((consumer) => consumer.close()));  // Also when an assertion fails.
  const held: GroupDelivery[] = [];
  const firstEnded = drain(first, held, false);
  await waitFor("the first consumer joined", async () => (await stateOf(name)).consumerCount === 1);
  // Three streams, and NZL's second event, which waits until its first is acknowledged.
  const { results } = await client.recordEvents({ events: [newEvent("NZL"), newEvent("SWE"), newEvent("FIN"),
    newEvent("NZL")] });
  const [nzl, swe, fin, nzlLater] = results.map((result) => result.position);
  await waitFor("the first holds the first event of each stream", () => held.length === 3);
  assert.deepEqual(positionsOf(held), [nzl, swe, fin]);

  const got: GroupDelivery[] = [];
  const secondEnded = drain(second, got, true);
  await waitFor("the second consumer joined", async () => (await stateOf(name)).consumerCount === 2);
  // Every stream is the first's while it holds an event of it, and NZL's later event waits.
  assert.equal(got.length, 0);
  assert.equal((await stateOf(name)).inFlightCount, 3);
  first.close();
  await firstEnded;
  assert.deepEqual(positionsOf(held), [nzl, swe, fin], "the first never got NZL's later event");
  await waitFor("the second has the first's events, then NZL's later one", () => got.length === results.length);
  assert.deepEqual(positionsOf(got), [nzl, swe, fin, nzlLater]);
  const attempts = new Map(got.map((delivery) => [delivery.position, delivery.attempt]));
  assert.deepEqual([nzl, swe, fin, nzlLater].map((position) => attempts.get(position)), [2, 2, 2, 1],
    "what the first held comes again with attempt 2; NZL's later event comes for the first time");
  assert.ok(got.findIndex((delivery) => delivery.position === nzlLater) >
    got.findIndex((delivery) => delivery.position === nzl), "NZL's events in position order");
  await waitFor("the checkpoint at the head", async () => (await stateOf(name)).checkpoint === nzlLater);
  second.close();
  await secondEnded;
});

test("leaving by break, close() or the signal sends the acknowledgements given before", async () => {
  const name = await newGroup();
  const leave = {
    break: (_consumer: GroupConsumer) => true,
    close: (consumer: GroupConsumer) => consumer.close(),
    signal: (_consumer: GroupConsumer, controller: AbortController) => controller.abort(),
  };
  for (const [way, leaveNow] of Object.entries(leave)) {
    const { results } = await client.recordEvents({ events: [newEvent("NZL")] });
    const controller = new AbortController();
    const consumer = client.consumeGroup({ group: name }, { signal: controller.signal });
    const got: GroupDelivery[] = [];
    for await (const delivery of consumer) {
      got.push(delivery);
      consumer.ack(delivery.position);
      if (leaveNow(consumer, controller)) break;
    }
    assert.deepEqual(positionsOf(got), [results[0].position], way);
    await waitFor(`${way}: the acknowledgement taken and the consumer gone`, async () => {
      const state = await stateOf(name);
      return state.checkpoint === results[0].position && state.consumerCount === 0 && state.inFlightCount === 0;
    });
  }
});

test("refusals reach onRefused, heartbeats tell the checkpoint and the head, and the stream goes on", async () => {
  const { results: [earlier] } = await client.recordEvents({ events: [newEvent("NZL")] });
  const name = await newGroup();
  const refused: RefusedAcknowledgements[] = [];
  const consumer = client.consumeGroup({ group: name, consumerName: "tester" },
    { onRefused: (refusal) => refused.push(refusal) });
  const deliveries = consumer[Symbol.asyncIterator]();
  const next = deliveries.next();  // The iteration reads the messages before the first delivery.
  await waitFor("joined", () => consumer.joined !== undefined);
  assert.equal(consumer.joined?.consumerName, "tester");
  assert.equal(consumer.joined?.checkpoint, earlier.position);

  consumer.ack(earlier.position);  // Done before the group began: not held by this consumer.
  await waitFor("a refusal", () => refused.length > 0);
  assert.deepEqual(refused.map((refusal) => refusal.positions), [[earlier.position]]);
  assert.ok(refused[0].reason.length > 0);
  await waitFor("a heartbeat", () => consumer.heartbeat !== undefined);
  assert.equal(consumer.heartbeat?.checkpoint, earlier.position);
  assert.equal(consumer.heartbeat?.headPosition, earlier.position);

  const { results: [later] } = await client.recordEvents({ events: [newEvent("NZL")] });
  assert.equal((await next).value?.position, later.position);
  consumer.close();
  assert.equal((await deliveries.next()).done, true);
});

test("an error the consumer does not retry ends it: its group deleted, its timeoutMs passed", async () => {
  const name = await newGroup();
  const deleted = failure(() => drain(client.consumeGroup({ group: name }), [], true));
  await waitFor("joined", async () => (await stateOf(name)).consumerCount === 1);
  await client.deleteGroup({ name });
  assert.equal(await deleted, Code.NotFound);

  const other = await newGroup();
  assert.equal(await failure(() => drain(client.consumeGroup({ group: other }, { timeoutMs: 300 }), [], true)),
    Code.DeadlineExceeded);
});
