// Every RPC through ChanceryClient's own methods, and each call's options (signal, timeoutMs,
// headers), against a real chanceryd.
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { createClient } from "@connectrpc/connect";
import { ChanceryClient, Code, ConnectError } from "../src/index.js";
import { ObservedRepresentation } from "../src/gen/chancery/v1/observation_pb.js";
import { EventLogService } from "../src/gen/chancery/v1/event_log_service_pb.js";
import { GroupSource } from "../src/gen/chancery/v1/subscription_group_pb.js";
import { Chanceryd } from "./chanceryd.js";

let dir: string;
let server: Chanceryd;       // Signs checkpoints; callers need the token.
const token = "token-of-tester";
const auth = { authorization: `Bearer ${token}` };

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "chancery-client-"));
  const signingKey = path.join(dir, "signing.pem");
  writeFileSync(signingKey, generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }),
    { mode: 0o600 });
  const tokens = path.join(dir, "tokens");
  writeFileSync(tokens, `sha256:${createHash("sha256").update(token).digest("hex")} tester admin\n`);
  server = new Chanceryd(path.join(dir, "chancery.db"), [`--signing-key=${signingKey}`, `--tokens=${tokens}`]);
  await server.start();
});

after(async () => {
  if (server.running) await server.stop();
  rmSync(dir, { recursive: true });
});

const date = { year: 2023, month: 3, day: 14 }; // Outside the demo story (USA-KHM, 2016-2019).
const newEvent = () => ({ eventId: randomUUID() as string, occurDate: date, source: { code: "NOR" },
  target: { code: "NZL" }, cameoCode: "036" });

async function collect<T>(items: AsyncIterable<T>, count = Infinity): Promise<T[]> {
  const got: T[] = [];
  if (count === 0) return got;
  for await (const item of items) if (got.push(item) >= count) break;
  return got;
}

test("every RPC has a method", async () => {
  const client = new ChanceryClient(server.address, { token });
  try {
    const { results } = await client.recordEvents({ events: [newEvent(), newEvent()] });
    assert.deepEqual(results.map((result) => result.stream), ["NOR-NZL", "NOR-NZL"]);
    const observed = await client.recordObservations({ observations: [{ observationId: randomUUID(),
      observeDate: date, aCode: "NOR", bCode: "NZL", aInB: ObservedRepresentation.MINISTER }] });
    assert.equal(observed.results[0].stream, "NOR-NZL");
    const retracted = await client.retractEvent({ eventId: results[1].eventId, reason: "a duplicate report" });
    assert.equal(retracted.result?.duplicate, false);
    const head = (await client.readLog({})).headPosition;
    assert.ok(head >= 4n);
    assert.equal((await client.readStream({ stream: "NOR-NZL" })).records.length, 4);
    assert.equal((await client.getRelationship({ dyad: "NZL-NOR" })).relationship?.dyad, "NOR-NZL");
    assert.ok((await client.listRelationships({})).relationships.some((r) => r.dyad === "NOR-NZL"));
    const timeline = await client.getTimeline({ dyad: "NOR-NZL" });
    assert.equal(timeline.entries[0].record?.payload.case, "event");
    const profile = await client.getActorProfile({ actorCode: "NOR", asOfDate: date });
    assert.equal(profile.profile?.actorCode, "NOR");
    assert.equal((await client.health()).status, 1);

    const verified = await client.verifyLog();
    assert.equal(verified.verifiedCount, head);
    assert.equal(verified.firstBadPosition, 0n);
    const exported = await collect(client.exportLog({ startPosition: 2n }));
    assert.deepEqual(exported.map((record) => record.position), [...Array(Number(head) - 1)].map((_, i) => BigInt(i + 2)));
    const replayed = await collect(client.replayRelationship({ dyad: "NOR-NZL" }));
    const replayedIds = replayed.map(({ record }) => record?.payload.case === "event" ? record.payload.value.eventId : "");
    assert.ok(replayedIds.includes(results[0].eventId));
    assert.ok(!replayedIds.includes(results[1].eventId)); // Retracted, so left out.
    assert.equal(replayed[0].stateAfter?.dyad, "NOR-NZL");
    const { checkpoint } = await client.getCheckpoint();
    assert.match(checkpoint, new RegExp(`^[^\\n]+\\n${head}\\n`));
    const inclusion = await client.getInclusionProof({ position: 1n, treeSize: head });
    assert.equal(inclusion.record?.position, 1n);
    assert.ok(inclusion.auditPath.length > 0);
    assert.equal((await client.getConsistencyProof({ firstSize: head, secondSize: head })).proof.length, 0);
    assert.ok((await client.getConsistencyProof({ firstSize: 1n, secondSize: head })).proof.length > 0);

    const name = `every-rpc-${randomUUID()}`;
    const created = await client.createGroup({ group: { name, source: GroupSource.LOG }, startAfterPosition: 0n });
    assert.equal(created.created, true);
    assert.equal((await client.getGroup({ name })).state?.lag, head);
    assert.ok((await client.listGroups()).groups.some(({ group }) => group?.name === name));
    const reset = await client.resetGroup({ name, target: { case: "afterPosition", value: head } });
    assert.equal(reset.group?.checkpoint, head);
    assert.deepEqual((await client.listParkedEvents({ name })).events, []);
    assert.equal((await client.replayParkedEvents({ name })).replayedCount, 0);
    await client.deleteGroup({ name });

    // The transport reaches any service.
    const log = createClient(EventLogService, client.transport);
    assert.equal((await log.readLog({})).headPosition, head);
  } finally {
    client.close();
  }
});

/** Runs `call` and returns the code it fails with. */
async function failure(call: () => Promise<unknown>): Promise<Code> {
  try {
    await call();
  } catch (error) {
    return ConnectError.from(error).code;
  }
  assert.fail("the call succeeded");
}

test("headers go with each call and subscription", async () => {
  const client = new ChanceryClient(server.address); // No token of its own.
  try {
    assert.equal(await failure(() => client.readLog({})), Code.Unauthenticated);
    const head = (await client.readLog({}, { headers: auth })).headPosition;
    assert.equal(await failure(() => client.verifyLog()), Code.Unauthenticated);
    assert.equal((await client.verifyLog({}, { headers: auth })).verifiedCount, head);
    assert.equal(await failure(() => collect(client.exportLog())), Code.Unauthenticated);
    assert.equal((await collect(client.exportLog({}, { headers: new Headers(auth) }))).length, Number(head));
    assert.equal(await failure(() => collect(client.subscribeLog())), Code.Unauthenticated);
    const subscription = client.subscribeLog({}, { headers: auth });
    assert.equal((await collect(subscription, 1))[0].position, 1n);
    const watch = client.watchRelationships({}, { headers: [["authorization", auth.authorization]] });
    assert.equal((await collect(watch, 1))[0].after?.dyad, "NOR-NZL");
    assert.equal(await failure(() => collect(client.consumeGroup({ group: "none" }))), Code.Unauthenticated);
    assert.equal(await failure(() => collect(client.consumeGroup({ group: "none" }, { headers: auth }))), Code.NotFound);
  } finally {
    client.close();
  }
});

test("a signal cancels a call, an export and a subscription", async () => {
  const client = new ChanceryClient(server.address, { token });
  try {
    assert.equal(await failure(() => client.readLog({}, { signal: AbortSignal.abort() })), Code.Canceled);
    assert.equal(await failure(() => collect(client.exportLog({}, { signal: AbortSignal.abort() }))), Code.Canceled);

    // A subscription waiting for live records ends when its signal aborts.
    const controller = new AbortController();
    const head = (await client.readLog({})).headPosition;
    const subscription = client.subscribeLog({ afterPosition: head }, { signal: controller.signal });
    const ended = collect(subscription);
    const watched = collect(client.watchRelationships({ afterPosition: head }, { signal: controller.signal }));
    await client.recordEvents({ events: [newEvent()] });
    // Both have the new record once the subscription's position reaches it; then abort.
    while (subscription.position <= head) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    assert.deepEqual((await ended).map((record) => record.position), [head + 1n]);
    assert.ok((await watched).every((change) => change.position === head + 1n));

    // While the server answers nothing, an abort ends the call.
    server.pause();
    try {
      const paused = new AbortController();
      const call = failure(() => client.readLog({}, { signal: paused.signal, timeoutMs: 0 }));
      paused.abort();
      assert.equal(await call, Code.Canceled);
    } finally {
      server.resume();
    }
  } finally {
    client.close();
  }
});

test("timeoutMs bounds a call, an export and a subscription", async () => {
  const client = new ChanceryClient(server.address, { token, timeoutMs: 0 }); // No bound of the client's.
  try {
    // A live subscription never ends by itself: only its timeout ends it.
    assert.equal(await failure(() => collect(client.subscribeLog({}, { timeoutMs: 200 }))), Code.DeadlineExceeded);
    assert.equal(await failure(() => collect(client.watchRelationships({}, { timeoutMs: 200 }))),
      Code.DeadlineExceeded);
    // A server that answers nothing: a unary call or an export ends at its own timeout.
    server.pause();
    try {
      assert.equal(await failure(() => client.readLog({}, { timeoutMs: 200 })), Code.DeadlineExceeded);
      assert.equal(await failure(() => collect(client.exportLog({}, { timeoutMs: 200 }))), Code.DeadlineExceeded);
    } finally {
      server.resume();
    }
    assert.ok((await client.readLog({}, { timeoutMs: 10_000 })).headPosition > 0n);
  } finally {
    client.close();
  }
});

test("a subscription from now starts after the head, reports its caught-up moment once, and resumes", async () => {
  const client = new ChanceryClient(server.address); // The head lookup, too, carries the headers.
  try {
    await client.recordEvents({ events: [newEvent()] }, { headers: auth });
    const head = (await client.readLog({}, { headers: auth })).headPosition;
    const reported: bigint[] = [];
    const subscription = client.subscribeLog({ afterPosition: 0n },
      { fromNow: true, headers: auth, onCaughtUp: (position) => reported.push(position) });
    const watch = client.watchRelationships({ afterPosition: 0n }, { fromNow: true, headers: auth });
    assert.equal(subscription.isCaughtUp, false);
    const records = subscription[Symbol.asyncIterator]();
    const changes = watch[Symbol.asyncIterator]();
    const nextRecord = records.next(); // The iteration drives the caught-up moment.
    const nextChange = changes.next();
    assert.equal(await subscription.caughtUp, head);
    assert.equal(await watch.caughtUp, head);
    assert.ok(subscription.isCaughtUp && watch.isCaughtUp);
    assert.deepEqual(reported, [head]);
    assert.equal(subscription.position, head);

    // Only what is recorded later arrives; after a restart, both go on from the last position.
    await client.recordEvents({ events: [newEvent()] }, { headers: auth });
    assert.equal((await nextRecord).value?.position, head + 1n);
    assert.equal((await nextChange).value?.position, head + 1n);
    await server.restart();
    await client.recordEvents({ events: [newEvent()] }, { headers: auth });
    assert.equal((await records.next()).value?.position, head + 2n);
    assert.equal((await changes.next()).value?.position, head + 2n);
    assert.deepEqual(reported, [head]); // The resumption's marker does not fire it again.
    subscription.cancel();
    watch.cancel();
    assert.equal((await records.next()).done, true);
    assert.equal((await changes.next()).done, true);
  } finally {
    client.close();
  }
});

test("caughtUp rejects when the iteration ends before the marker", async () => {
  const client = new ChanceryClient(server.address);
  try {
    // The head lookup fails: the iteration ends with its error, and caughtUp with it.
    const unauthorized = client.subscribeLog({}, { fromNow: true });
    assert.equal(await failure(() => collect(unauthorized)), Code.Unauthenticated);
    assert.equal(await failure(() => unauthorized.caughtUp), Code.Unauthenticated);
    assert.equal(unauthorized.isCaughtUp, false);
    // Left after one record of the catch-up: CANCELED.
    const left = client.subscribeLog({}, { headers: auth });
    assert.equal((await collect(left, 1)).length, 1);
    assert.equal(await failure(() => left.caughtUp), Code.Canceled);
    // Never iterated and cancelled: caughtUp stays pending, and nothing is unhandled.
    client.watchRelationships({}, { fromNow: true, headers: auth }).cancel();
  } finally {
    client.close();
  }
});
