package org.chancery.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.type.Date;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.chancery.v1.Actor;
import org.chancery.v1.DiplomaticEvent;
import org.chancery.v1.GetRelationshipRequest;
import org.chancery.v1.LogRecord;
import org.chancery.v1.ReadLogRequest;
import org.chancery.v1.RecordEventsRequest;
import org.chancery.v1.SubscribeLogRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client of two chanceryd replicas. Each replica here has a store of its own, so its log
 * shows which calls it served.
 */
class ReplicasTest {
  @TempDir Path temp;
  private int events;  // Events made so far, which numbers the next one's id.

  @Test
  void callsReachEveryReplica() throws Exception {
    try (Chanceryd a = replica("a"); Chanceryd b = replica("b"); ChanceryClient both = client(a, b)) {
      recordUntilEachServed(both, a, b);
    }
  }

  @Test
  void callsGoOnWhenAReplicaStops() throws Exception {
    try (Chanceryd a = replica("a"); Chanceryd b = replica("b"); ChanceryClient both = client(a, b)) {
      recordUntilEachServed(both, a, b);
      a.kill();
      for (int i = 0; i < 10; i++) {
        if (i % 2 == 0) {
          assertDoesNotThrow(() -> both.recordEvents(event()), "call " + i + " after the kill");
        } else {
          assertDoesNotThrow(() -> both.getRelationship(
              GetRelationshipRequest.newBuilder().setDyad("KHM-USA").build()), "call " + i + " after the kill");
        }
      }
    }
  }

  @Test
  void aSubscriptionMovesToAReplicaStillUp() throws Exception {
    try (Chanceryd a = replica("a"); Chanceryd b = replica("b"); ChanceryClient both = client(a, b)) {
      Map<String, Chanceryd> byFirstEvent = new HashMap<>();
      for (Chanceryd replica : List.of(a, b)) {
        byFirstEvent.put(recordOn(replica), replica);
      }
      try (ResumingStream<LogRecord> records = both.subscribeLog(SubscribeLogRequest.getDefaultInstance())) {
        Chanceryd serving = byFirstEvent.get(records.next().getEvent().getEventId());
        serving.kill();
        String next = recordOn(serving == a ? b : a);
        LogRecord record = records.next();
        assertEquals(next, record.getEvent().getEventId());
        assertEquals(2, record.getPosition());
      }
    }
  }

  @Test
  void aMalformedListIsRefusedNamingTheBadEntry() {
    assertEquals("\"chancery.internal:2\" in the server list \"127.0.0.1:1,chancery.internal:2\" is not an"
        + " IP:PORT address of the list's kind: a list takes IPv4 or [IPv6] addresses, not both; for host"
        + " names give one name whose DNS records list every replica",
        refusal("127.0.0.1:1,chancery.internal:2"));
    assertTrue(refusal("127.0.0.1:1,[::1]:2").startsWith("\"[::1]:2\" in the server list"));
    assertTrue(refusal("127.0.0.1:1, 127.0.0.1").startsWith("\"127.0.0.1\" in the server list"));
    assertTrue(refusal("127.0.0.1").startsWith("\"127.0.0.1\" is not a HOST:PORT address"));
    // Well-formed ones (the channel connects at the first call).
    ChanceryClient.builder("chancery.internal:50051").build().close();
    ChanceryClient.builder(" [::1]:1 , [::1]:2 ").build().close();
    ChanceryClient.builder(List.of("10.0.0.5:50051", "10.0.0.6:50051")).build().close();
  }

  @Test
  void aTokenWithoutTlsGoesToLoopbackAddressesOnly() {
    for (String servers : List.of("192.0.2.10:50051", "127.0.0.1:50051,192.0.2.10:50051")) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
          () -> ChanceryClient.builder(servers).token("secret").build(), servers);
      assertEquals("a token without TLS goes to a loopback address only, not 192.0.2.10:50051", error.getMessage());
    }
    ChanceryClient.builder("127.0.0.1:50051,127.0.0.2:50051").token("secret").build().close();
  }

  private Chanceryd replica(String name) throws Exception {
    return new Chanceryd(temp.resolve(name + ".db"), List.of());
  }

  private static ChanceryClient client(Chanceryd... replicas) {
    return ChanceryClient.builder(
        Arrays.stream(replicas).map(Chanceryd::address).collect(Collectors.joining(","))).build();
  }

  private static String refusal(String servers) {
    return assertThrows(IllegalArgumentException.class, () -> ChanceryClient.builder(servers).build(), servers)
        .getMessage();
  }

  /** A request recording a new event. */
  private RecordEventsRequest event() {
    events++;
    return RecordEventsRequest.newBuilder().addEvents(DiplomaticEvent.newBuilder()
        .setEventId(String.format("00000000-0000-4000-8000-%012d", events))
        .setOccurDate(Date.newBuilder().setYear(2019).setMonth(11).setDay(26))
        .setSource(Actor.newBuilder().setCode("USA")).setTarget(Actor.newBuilder().setCode("KHM"))
        .setCameoCode("036")).build();
  }

  /** Records a new event on {@code replica} alone and returns its id. */
  private String recordOn(Chanceryd replica) {
    RecordEventsRequest request = event();
    try (ChanceryClient one = client(replica)) {
      one.recordEvents(request);
    }
    return request.getEvents(0).getEventId();
  }

  /** Records one event at a time through {@code both} until each replica's log holds one. */
  private void recordUntilEachServed(ChanceryClient both, Chanceryd... replicas) {
    for (int calls = 0; !Arrays.stream(replicas).allMatch(ReplicasTest::served); calls++) {
      assertTrue(calls < 100, "100 calls, and a replica served none");
      both.recordEvents(event());
    }
  }

  private static boolean served(Chanceryd replica) {
    try (ChanceryClient one = client(replica)) {
      return one.readLog(ReadLogRequest.getDefaultInstance()).getHeadPosition() > 0;
    }
  }
}
