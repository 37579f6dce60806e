package org.chancery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.type.Date;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.chancery.v1.Actor;
import org.chancery.v1.CreateGroupRequest;
import org.chancery.v1.DeleteGroupRequest;
import org.chancery.v1.DiplomaticEvent;
import org.chancery.v1.GetGroupRequest;
import org.chancery.v1.GroupDelivery;
import org.chancery.v1.GroupSource;
import org.chancery.v1.GroupState;
import org.chancery.v1.JoinGroup;
import org.chancery.v1.RecordEventsRequest;
import org.chancery.v1.RefusedAcknowledgements;
import org.chancery.v1.SubscriptionGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group consumer's behaviour beyond the conformance vectors', each against a chanceryd of its
 * own. A test waiting for a delivery that never comes fails after two minutes instead of hanging.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GroupConsumerTest {
  private static final List<String> PARTNERS = List.of("NZL", "SWE", "DNK", "FIN", "ISL", "DEU", "FRA", "GBR");

  @TempDir Path temp;

  private Chanceryd server() throws Exception {
    return new Chanceryd(temp.resolve("chancery.db"), List.of());
  }

  private static ChanceryClient client(Chanceryd server) {
    return ChanceryClient.builder(server.address()).waitForReady(true).build();
  }

  /** A log group that starts after the head of the log. */
  private static void createGroup(ChanceryClient client, String name) {
    client.createGroup(CreateGroupRequest.newBuilder().setGroup(SubscriptionGroup.newBuilder()
        .setName(name).setSource(GroupSource.GROUP_SOURCE_LOG)).build());
  }

  private static GroupConsumer join(ChanceryClient client, String group, String consumer) {
    return client.consumeGroup(JoinGroup.newBuilder().setGroup(group).setConsumerName(consumer).build());
  }

  /** {@code perPartner} events of NOR with each of {@code partners}, partner by partner. */
  private static RecordEventsRequest events(List<String> partners, int perPartner) {
    RecordEventsRequest.Builder request = RecordEventsRequest.newBuilder();
    for (String partner : partners) {
      for (int day = 1; day <= perPartner; day++) {
        request.addEvents(DiplomaticEvent.newBuilder().setEventId(UUID.randomUUID().toString())
            .setOccurDate(Date.newBuilder().setYear(2022).setMonth(5).setDay(day))
            .setSource(Actor.newBuilder().setCode("NOR")).setTarget(Actor.newBuilder().setCode(partner))
            .setCameoCode("036"));
      }
    }
    return request.build();
  }

  /** Waits (up to 10 s) until the group's state passes {@code test}: acknowledgements and joins take a moment. */
  private static GroupState awaitState(ChanceryClient client, String group, Predicate<GroupState> test)
      throws InterruptedException {
    GetGroupRequest request = GetGroupRequest.newBuilder().setName(group).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    GroupState state = client.getGroup(request).getState();
    while (!test.test(state)) {
      assertTrue(System.nanoTime() < deadline, "group " + group + " stays " + state);
      Thread.sleep(100);
      state = client.getGroup(request).getState();
    }
    return state;
  }

  private static List<Long> positions(List<GroupDelivery> deliveries) {
    return deliveries.stream().map(GroupDelivery::getPosition).toList();
  }

  @Test
  void twoConsumersShareTheStreamsAndTogetherGetEveryEventOnce() throws Exception {
    try (Chanceryd server = server(); ChanceryClient client = client(server)) {
      createGroup(client, "shared");
      try (GroupConsumer a = join(client, "shared", "a"); GroupConsumer b = join(client, "shared", "b")) {
        awaitState(client, "shared", state -> state.getConsumerCount() == 2);
        int perStream = 3;
        client.recordEvents(events(PARTNERS, perStream));  // Stream i holds i * 3 + 1 to i * 3 + 3.
        int streams = PARTNERS.size();
        int total = streams * perStream;
        List<GroupDelivery> toA = new CopyOnWriteArrayList<>();
        List<GroupDelivery> toB = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> readA = CompletableFuture.runAsync(() -> a.forEachRemaining(toA::add));
        CompletableFuture<Void> readB = CompletableFuture.runAsync(() -> b.forEachRemaining(toB::add));
        // Round by round: every stream's next event is in flight at once, and nothing more of any
        // stream comes until that one is acknowledged; then acknowledge the round.
        for (int round = 0; round < perStream; round++) {
          int r = round;
          int delivered = streams * (round + 1);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (toA.size() + toB.size() < delivered && System.nanoTime() < deadline) Thread.sleep(50);
          Thread.sleep(300);  // Time for anything delivered too early to arrive.
          List<Long> all = new ArrayList<>(positions(toA));
          all.addAll(positions(toB));
          all.sort(null);
          assertEquals(LongStream.rangeClosed(1, total).filter(p -> (p - 1) % perStream <= r).boxed().toList(), all,
              "round " + round + ": the first " + (round + 1) + " events of every stream, each once, and no more");
          assertEquals(streams, client.getGroup(GetGroupRequest.newBuilder().setName("shared").build())
              .getState().getInFlightCount(), "round " + round + ": one event of each stream in flight");
          Predicate<GroupDelivery> ofRound = d -> (d.getPosition() - 1) % perStream == r;
          a.ack(toA.stream().filter(ofRound).mapToLong(GroupDelivery::getPosition).toArray());
          b.ack(toB.stream().filter(ofRound).mapToLong(GroupDelivery::getPosition).toArray());
        }
        assertFalse(toA.isEmpty(), "a got nothing");
        assertFalse(toB.isEmpty(), "b got nothing");
        assertTrue(toA.stream().allMatch(d -> d.getAttempt() == 1), "a got an event again: " + toA);
        assertTrue(toB.stream().allMatch(d -> d.getAttempt() == 1), "b got an event again: " + toB);
        // The consumers stay the same, so each stream stays with one of them.
        Map<String, Set<String>> consumersOfStream = new HashMap<>();
        toA.forEach(d -> consumersOfStream.computeIfAbsent(d.getRecord().getStream(), s -> new HashSet<>()).add("a"));
        toB.forEach(d -> consumersOfStream.computeIfAbsent(d.getRecord().getStream(), s -> new HashSet<>()).add("b"));
        assertEquals(streams, consumersOfStream.size());
        consumersOfStream.forEach((stream, consumers) -> assertEquals(1, consumers.size(), stream + " went to " + consumers));

        awaitState(client, "shared", state -> state.getCheckpoint() == total && state.getInFlightCount() == 0);
        a.close();
        b.close();
        readA.get(10, TimeUnit.SECONDS);  // The iterations end with the close, without error.
        readB.get(10, TimeUnit.SECONDS);
        assertEquals(total, toA.size() + toB.size(), "nothing delivered again");
      }
    }
  }

  @Test
  void eventsLeftUnacknowledgedGoToAnotherConsumer() throws Exception {
    try (Chanceryd server = server(); ChanceryClient client = client(server)) {
      createGroup(client, "handover");
      try (GroupConsumer a = join(client, "handover", "a")) {
        client.recordEvents(events(List.of("NZL"), 2));         // 1 and 2, of NOR-NZL
        client.recordEvents(events(List.of("SWE", "DNK"), 1));  // 3 of NOR-SWE, 4 of NOR-DNK
        // The first event of each stream; NOR-NZL's 2 waits until 1 is acknowledged.
        assertEquals(List.of(1L, 3L, 4L), positions(List.of(a.next(), a.next(), a.next())));
        assertEquals(3, client.getGroup(GetGroupRequest.newBuilder().setName("handover").build())
            .getState().getInFlightCount(), "2 delivered before 1 was acknowledged");
        a.ack(1);
        GroupDelivery second = a.next();
        assertEquals(2, second.getPosition());
        assertEquals(1, second.getAttempt());
        try (GroupConsumer b = join(client, "handover", "b")) {
          awaitState(client, "handover", state -> state.getConsumerCount() == 2);
          a.ack(3);
          a.close();  // Leaves with 2 and 4 unacknowledged: they go to b, delivered a second time.
          List<GroupDelivery> toB = new ArrayList<>(List.of(b.next(), b.next()));
          toB.sort(Comparator.comparingLong(GroupDelivery::getPosition));
          assertEquals(List.of(2L, 4L), positions(toB));
          assertEquals(List.of(2, 2), toB.stream().map(GroupDelivery::getAttempt).toList());
          b.ack(2, 4);
          awaitState(client, "handover", state -> state.getCheckpoint() == 4 && state.getInFlightCount() == 0);
        }
      }
    }
  }

  @Test
  void refusalsReachTheListenerAndHeartbeatsShowTheCheckpointAndHead() throws Exception {
    try (Chanceryd server = server(); ChanceryClient client = client(server)) {
      client.recordEvents(events(List.of("NZL"), 2));
      createGroup(client, "refusals");  // After the head: 2.
      BlockingQueue<RefusedAcknowledgements> refusals = new LinkedBlockingQueue<>();
      try (GroupConsumer consumer = join(client, "refusals", "c").onRefused(refusals::add)) {
        consumer.ack(1);  // Before the group's start: never delivered.
        RefusedAcknowledgements refused = refusals.poll(10, TimeUnit.SECONDS);
        assertTrue(refused != null, "no refusal");
        assertEquals(List.of(1L), refused.getPositionsList());
        assertFalse(refused.getReason().isEmpty());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);  // One comes every second.
        while (consumer.lastHeartbeat().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(2, consumer.lastHeartbeat().orElseThrow().getCheckpoint());
        assertEquals(2, consumer.lastHeartbeat().orElseThrow().getHeadPosition());
      }
    }
  }

  @Test
  void deletingTheGroupEndsTheIterationWithNotFound() throws Exception {
    try (Chanceryd server = server(); ChanceryClient client = client(server)) {
      createGroup(client, "doomed");
      try (GroupConsumer consumer = join(client, "doomed", "c")) {
        awaitState(client, "doomed", state -> state.getConsumerCount() == 1);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(consumer::hasNext);
        client.deleteGroup(DeleteGroupRequest.newBuilder().setName("doomed").build());
        ExecutionException ended = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertEquals(Status.Code.NOT_FOUND, assertInstanceOf(ChanceryException.class, ended.getCause()).code());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(ChanceryException.class, consumer::hasNext).code());
      }
    }
  }

  @Test
  void closingEndsAnIterationWaitingInAnotherThread() throws Exception {
    try (Chanceryd server = server(); ChanceryClient client = client(server)) {
      createGroup(client, "quiet");
      try (GroupConsumer consumer = join(client, "quiet", "c")) {
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(consumer::hasNext);
        awaitState(client, "quiet", state -> state.getConsumerCount() == 1);
        consumer.close();
        assertFalse(waiting.get(10, TimeUnit.SECONDS));
        awaitState(client, "quiet", state -> state.getConsumerCount() == 0);
      }
    }
  }
}
