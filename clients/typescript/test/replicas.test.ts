// One client of several chanceryd replicas: its calls reach each one and go on when one crashes,
// and its subscriptions move to a remaining one; malformed server lists, and a token without TLS
// to a remote address, are refused.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { ChanceryClient, Code, ConnectError } from "../src/index.js";
import type { LogRecord } from "../src/gen/chancery/v1/log_record_pb.js";
import { Chanceryd } from "./chanceryd.js";

/**
 * Runs `body` with two chanceryd, each on its own empty store, a client of both and a client of
 * each alone; stops them all after.
 */
async function withTwoReplicas(
  body: (servers: Chanceryd[], client: ChanceryClient, direct: ChanceryClient[]) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "chancery-replicas-"));
  const servers = [new Chanceryd(path.join(dir, "a.db")), new Chanceryd(path.join(dir, "b.db"))];
  const clients: ChanceryClient[] = [];
  try {
    for (const server of servers) await server.start();
    clients.push(new ChanceryClient(servers.map((server) => server.address).join(",")));
    clients.push(...servers.map((server) => new ChanceryClient(server.address)));
    await body(servers, clients[0], clients.slice(1));
  } finally {
    clients.forEach((client) => client.close());
    await Promise.all(servers.filter((server) => server.running).map((server) => server.stop()));
    rmSync(dir, { recursive: true });
  }
}

function newEvent() {
  return { eventId: randomUUID() as string, occurDate: { year: 2019, month: 11, day: 26 }, source: { code: "USA" },
    target: { code: "KHM" }, cameoCode: "036" };
}

/** Records new events one call at a time through `client` until every replica's log holds one. */
async function recordOnEvery(client: ChanceryClient, direct: ChanceryClient[]): Promise<void> {
  const heads = () => Promise.all(direct.map(async (one) => (await one.readLog({})).headPosition));
  for (let calls = 0; (await heads()).includes(0n); calls++) {
    assert.ok(calls < 100, `after ${calls} calls a replica's log is still empty`);
    await client.recordEvents({ events: [newEvent()] });
  }
}

test("calls reach every replica", () => withTwoReplicas(async (_servers, client, direct) => {
  await recordOnEvery(client, direct);
}));

test("calls go on when a replica crashes", () => withTwoReplicas(async (servers, client, direct) => {
  await recordOnEvery(client, direct); // Both connections are open.
  await servers[0].kill();
  const head = async () => (await direct[1].readLog({})).headPosition;
  const before = await head();
  for (let call = 0; call < 10; call++) {
    if (call % 2 === 0) await client.recordEvents({ events: [newEvent()] });
    else await client.getRelationship({ dyad: "KHM-USA" });
  }
  assert.equal(await head(), before + 5n);
}));

test("a subscription moves to a remaining replica when its own stops", () =>
  withTwoReplicas(async (servers, client, direct) => {
    // The stores are separate: the first record received names the replica subscribed to.
    const firsts = [newEvent(), newEvent()];
    await Promise.all(direct.map((one, i) => one.recordEvents({ events: [firsts[i]] })));
    const subscription = client.subscribeLog();
    try {
      const records = subscription[Symbol.asyncIterator]();
      const nextEventId = async () => {
        const { payload } = (await records.next()).value as LogRecord;
        return payload.case === "event" ? payload.value.eventId : undefined;
      };
      const on = firsts.map((event) => event.eventId).indexOf((await nextEventId())!);
      assert.notEqual(on, -1);
      await servers[on].kill();
      const after = newEvent();
      await direct[1 - on].recordEvents({ events: [after] });
      assert.equal(await nextEventId(), after.eventId);
      assert.equal(subscription.position, 2n);
    } finally {
      subscription.cancel();
    }
  }));

test("a malformed server list is refused, naming the bad entry", () => {
  for (const [servers, bad] of [["127.0.0.1:1,chancery.internal:2", "chancery.internal:2"],
    ["127.0.0.1:1,[::1]:2", "[::1]:2"], ["127.0.0.1", "127.0.0.1"]]) {
    assert.throws(() => new ChanceryClient(servers), (error) => error instanceof ConnectError &&
      error.code === Code.InvalidArgument && error.rawMessage === `"${bad}" in the server list "${servers}" is not ` +
      "an IP:PORT address of the list's kind: a list takes IPv4 or [IPv6] addresses, not both; for host names " +
      "give one name whose DNS records list every replica");
  }
  for (const servers of [" 127.0.0.1:1 , 127.0.0.1:2 ", "[::1]:1,[::1]:2", ["[::1]:1", "[::1]:2"],
    "chancery.internal:50051", "[::1]:50051"]) {
    new ChanceryClient(servers).close();
  }
});

test("a token without TLS goes to loopback addresses only", () => {
  for (const servers of ["192.0.2.10:50051", "127.0.0.1:50051,192.0.2.10:50051"]) {
    assert.throws(() => new ChanceryClient(servers, { token: "secret" }),
      { message: "a token without TLS goes to a loopback address only, not 192.0.2.10:50051" });
  }
  new ChanceryClient("127.0.0.1:50051,127.0.0.2:50051", { token: "secret" }).close();
});
