package org.chancery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.chancery.v1.CreateGroupRequest;
import org.chancery.v1.DeleteGroupRequest;
import org.chancery.v1.GetGroupRequest;
import org.chancery.v1.GetRelationshipRequest;
import org.chancery.v1.JoinGroup;
import org.chancery.v1.ListParkedEventsRequest;
import org.chancery.v1.ListRelationshipsRequest;
import org.chancery.v1.ReadLogRequest;
import org.chancery.v1.ReadStreamRequest;
import org.chancery.v1.RecordEventsRequest;
import org.chancery.v1.ReplayParkedEventsRequest;
import org.chancery.v1.ResetGroupRequest;
import org.chancery.v1.RetractEventRequest;
import org.chancery.v1.SubscribeLogRequest;
import org.chancery.v1.WatchRelationshipsRequest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every vector of tests/conformance/vectors against a chanceryd of its own; skipped when
 * there is no chanceryd (see {@link Chanceryd#available}).
 */
@EnabledIf(value = "org.chancery.client.Chanceryd#available",
    disabledReason = "no chanceryd: set CHANCERYD or build build/bin/chanceryd")
class ConformanceTest {
  private static final Path VECTORS = Chanceryd.REPO_ROOT.resolve("tests/conformance/vectors");

  @TempDir Path temp;
  @TempDir static Path pki;

  /** op -> the call, given the client and the request in proto JSON. */
  private static final Map<String, BiFunction<ChanceryClient, JsonElement, Message>> UNARY = Map.ofEntries(
      Map.entry("record", (c, r) -> c.recordEvents(parse(r, RecordEventsRequest.newBuilder()))),
      Map.entry("retract", (c, r) -> c.retractEvent(parse(r, RetractEventRequest.newBuilder()))),
      Map.entry("getRelationship", (c, r) -> c.getRelationship(parse(r, GetRelationshipRequest.newBuilder()))),
      Map.entry("listRelationships", (c, r) -> c.listRelationships(parse(r, ListRelationshipsRequest.newBuilder()))),
      Map.entry("readLog", (c, r) -> c.readLog(parse(r, ReadLogRequest.newBuilder()))),
      Map.entry("readStream", (c, r) -> c.readStream(parse(r, ReadStreamRequest.newBuilder()))),
      Map.entry("createGroup", (c, r) -> c.createGroup(parse(r, CreateGroupRequest.newBuilder()))),
      Map.entry("getGroup", (c, r) -> c.getGroup(parse(r, GetGroupRequest.newBuilder()))),
      Map.entry("listGroups", (c, r) -> c.listGroups()),
      Map.entry("resetGroup", (c, r) -> c.resetGroup(parse(r, ResetGroupRequest.newBuilder()))),
      Map.entry("deleteGroup", (c, r) -> c.deleteGroup(parse(r, DeleteGroupRequest.newBuilder()))),
      Map.entry("listParkedEvents", (c, r) -> c.listParkedEvents(parse(r, ListParkedEventsRequest.newBuilder()))),
      Map.entry("replayParkedEvents",
          (c, r) -> c.replayParkedEvents(parse(r, ReplayParkedEventsRequest.newBuilder()))));

  private interface Subscribe {
    ResumingStream<? extends Message> open(ChanceryClient client, JsonElement request, boolean fromNow);
  }

  /** op -> the subscription, given the client, the request and the step's fromNow. */
  private static final Map<String, Subscribe> SUBSCRIPTIONS = Map.of(
      "subscribeLog", (c, r, fromNow) -> {
        SubscribeLogRequest request = parse(r, SubscribeLogRequest.newBuilder());
        return fromNow ? c.subscribeLogFromNow(request) : c.subscribeLog(request);
      },
      "watchRelationships", (c, r, fromNow) -> {
        WatchRelationshipsRequest request = parse(r, WatchRelationshipsRequest.newBuilder());
        return fromNow ? c.watchRelationshipsFromNow(request) : c.watchRelationships(request);
      });

  @TestFactory
  Stream<DynamicTest> vectors() throws Exception {
    VectorSecurity.makeTestPki(pki);
    List<Path> files;
    try (Stream<Path> listing = Files.list(VECTORS)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(!files.isEmpty(), "no vectors in " + VECTORS);
    return files.stream().map(file -> DynamicTest.dynamicTest(
        file.getFileName().toString().replace(".json", ""), () -> run(file)));
  }

  private void run(Path file) throws Exception {
    JsonObject vector = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    JsonArray steps = vector.getAsJsonArray("steps");
    VectorSecurity security = new VectorSecurity(
        vector.has("server") ? vector.getAsJsonObject("server") : new JsonObject(), pki);
    Path dir = Files.createTempDirectory(temp, "vector");
    Map<String, ResumingStream<? extends Message>> open = new HashMap<>();
    Map<String, GroupConsumer> consumers = new HashMap<>();
    Map<String, ChanceryClient> clients = new HashMap<>();  // One per principal ("as"), null for no token.
    try (Chanceryd server = new Chanceryd(dir.resolve("chancery.db"), security.serverFlags(dir))) {
      try {
        for (int i = 0; i < steps.size(); i++) {
          JsonObject step = steps.get(i).getAsJsonObject();
          String principal = step.has("as") ? step.get("as").getAsString() : null;
          if (!clients.containsKey(principal)) {
            // Waiting for ready, as the C++ runner does: after restartServer, round_robin's
            // reconnection backs off, and a call in that second would fail UNAVAILABLE.
            clients.put(principal, security.client(server.address(), principal).waitForReady(true).build());
          }
          runStep(step, clients.get(principal), server, open, consumers,
              "step " + i + " (" + step.get("op").getAsString() + ")");
        }
      } finally {
        open.values().forEach(ResumingStream::close);
        consumers.values().forEach(GroupConsumer::close);
        clients.values().forEach(ChanceryClient::close);
      }
    }
  }

  private void runStep(JsonObject step, ChanceryClient client, Chanceryd server,
      Map<String, ResumingStream<? extends Message>> open, Map<String, GroupConsumer> consumers, String where)
      throws Exception {
    String op = step.get("op").getAsString();
    JsonObject expect = step.has("expect") ? step.getAsJsonObject("expect") : new JsonObject();
    JsonElement request = step.has("request") ? step.get("request") : new JsonObject();
    if (UNARY.containsKey(op)) {
      Call call = () -> toJson(UNARY.get(op).apply(client, request));
      boolean retry = step.has("retryUntilMatch") && step.get("retryUntilMatch").getAsBoolean();
      check(retry ? untilMatch(call, expect.get("response")) : call, expect, "response", where);
    } else if (op.equals("health")) {
      check(() -> toJson(client.health()), expect, "response", where);
    } else if (SUBSCRIPTIONS.containsKey(op)) {
      boolean fromNow = step.has("fromNow") && step.get("fromNow").getAsBoolean();
      open.put(step.get("name").getAsString(), SUBSCRIPTIONS.get(op).open(client, request, fromNow));
    } else if (op.equals("consumeGroup")) {
      consumers.put(step.get("name").getAsString(), client.consumeGroup(parse(request, JoinGroup.newBuilder())));
    } else if (op.equals("ack")) {
      consumers.get(step.get("consumer").getAsString()).ack(positions(step));
    } else if (op.equals("nack")) {
      consumers.get(step.get("consumer").getAsString()).nack(step.get("reason").getAsString(), positions(step));
    } else if (op.equals("caughtUp")) {
      ResumingStream<? extends Message> subscription = open.get(step.get("subscription").getAsString());
      // Reads ahead (keeping the items for later next steps) until the first CaughtUp marker,
      // on a thread of its own so that the wait can end after 30 s, as the format says.
      CompletableFuture<Long> reported = subscription.caughtUp();
      CompletableFuture<Long> awaited = CompletableFuture.supplyAsync(subscription::awaitCaughtUp);
      long position;
      try {
        position = awaited.get(30, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        subscription.close();
        throw new AssertionError(where + ": not caught up within 30 s", e);
      } catch (ExecutionException e) {
        throw new AssertionError(where + ": the subscription failed", e.getCause());
      }
      assertTrue(subscription.isCaughtUp(), where);
      assertEquals(position, reported.getNow(null), where + ": caughtUp() and awaitCaughtUp() differ");
      JsonObject caughtUp = new JsonObject();
      caughtUp.addProperty("position", position);
      assertEquals(List.of(), JsonMatch.mismatches(expect, caughtUp, "$"), where);
    } else if (op.equals("next")) {
      String name = step.get("subscription").getAsString();
      Iterator<? extends Message> subscription = open.containsKey(name) ? open.get(name) : consumers.get(name);
      // Reads as many items as expected, or one when an error is expected instead.
      int count = expect.has("items") ? expect.getAsJsonArray("items").size() : 1;
      check(() -> {
        JsonArray items = new JsonArray();
        for (int i = 0; i < count; i++) {
          assertTrue(subscription.hasNext(), where + ": the subscription ended");
          items.add(toJson(subscription.next()));
        }
        return items;
      }, expect, "items", where);
    } else if (op.equals("cancel")) {
      String name = step.get("subscription").getAsString();
      (open.containsKey(name) ? open.remove(name) : consumers.remove(name)).close();
    } else if (op.equals("restartServer")) {
      server.restart();
    } else {
      fail(where + ": unknown op");
    }
  }

  private interface Call {
    JsonElement run() throws Exception;
  }

  /**
   * {@code call}, repeated every 100 ms for up to 10 s until its result matches {@code expected}
   * (acknowledgements reach the server a moment after they are sent); the last result.
   */
  private static Call untilMatch(Call call, JsonElement expected) {
    return () -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      JsonElement result = call.run();
      while (!JsonMatch.mismatches(expected, result, "$").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
        result = call.run();
      }
      return result;
    };
  }

  /** An ack or nack step's positions. */
  private static long[] positions(JsonObject step) {
    JsonArray array = step.getAsJsonArray("positions");
    long[] positions = new long[array.size()];
    for (int i = 0; i < positions.length; i++) positions[i] = array.get(i).getAsLong();
    return positions;
  }

  /** Runs {@code call}; checks its result against expect[key], or its error against expect.error. */
  private static void check(Call call, JsonObject expect, String key, String where) throws Exception {
    JsonElement result;
    try {
      result = call.run();
    } catch (ChanceryException error) {
      if (!expect.has("error")) throw error;
      checkError(error, expect.getAsJsonObject("error"), where);
      return;
    }
    if (expect.has("error")) fail(where + ": expected " + expect.getAsJsonObject("error").get("code") + ", got success");
    if (expect.has(key)) {
      assertEquals(List.of(), JsonMatch.mismatches(expect.get(key), result, "$"), where);
    }
  }

  private static void checkError(ChanceryException error, JsonObject expected, String where) throws Exception {
    assertEquals(expected.get("code").getAsString(), error.code().name(), where + ": " + error.getMessage());
    if (expected.has("fieldViolations")) {
      List<String> want = new ArrayList<>();
      expected.getAsJsonArray("fieldViolations").forEach(field -> want.add(field.getAsString()));
      List<String> got = new ArrayList<>(error.fieldViolations());
      want.sort(null);
      got.sort(null);
      assertEquals(want, got, where);
    }
    if (expected.has("revisionConflict")) {
      var conflict = error.revisionConflict();
      assertTrue(conflict.isPresent(), where + ": no RevisionConflict detail");
      assertEquals(List.of(), JsonMatch.mismatches(expected.get("revisionConflict"), toJson(conflict.get()), "$"), where);
    }
  }

  @SuppressWarnings("unchecked")
  private static <B extends Message.Builder, M extends Message> M parse(JsonElement json, B builder) {
    try {
      JsonFormat.parser().merge(json.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
    return (M) builder.build();
  }

  /** Proto JSON with every field, defaults included, so {@code "revision": 0} can be matched. */
  private static JsonElement toJson(MessageOrBuilder message) throws InvalidProtocolBufferException {
    return JsonParser.parseString(JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(message));
  }
}
