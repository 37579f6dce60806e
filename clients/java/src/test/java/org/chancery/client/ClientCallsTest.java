package org.chancery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.type.Date;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.chancery.v1.Actor;
import org.chancery.v1.CreateGroupRequest;
import org.chancery.v1.DeleteGroupRequest;
import org.chancery.v1.DiplomaticEvent;
import org.chancery.v1.ExportLogRequest;
import org.chancery.v1.GetActorProfileRequest;
import org.chancery.v1.GetConsistencyProofRequest;
import org.chancery.v1.GetGroupRequest;
import org.chancery.v1.GetInclusionProofRequest;
import org.chancery.v1.GetRelationshipRequest;
import org.chancery.v1.GetRelationshipResponse;
import org.chancery.v1.GetTimelineRequest;
import org.chancery.v1.GroupSource;
import org.chancery.v1.ListParkedEventsRequest;
import org.chancery.v1.LogRecord;
import org.chancery.v1.ObservedRepresentation;
import org.chancery.v1.RecordEventsRequest;
import org.chancery.v1.RecordEventsResponse;
import org.chancery.v1.RecordObservationsRequest;
import org.chancery.v1.RelationsServiceGrpc;
import org.chancery.v1.RelationshipChange;
import org.chancery.v1.ReplayParkedEventsRequest;
import org.chancery.v1.ReplayRelationshipRequest;
import org.chancery.v1.ReplayRelationshipResponse;
import org.chancery.v1.RepresentationObservation;
import org.chancery.v1.ResetGroupRequest;
import org.chancery.v1.SubscribeLogRequest;
import org.chancery.v1.SubscriptionGroup;
import org.chancery.v1.WatchRelationshipsRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calls beyond the conformance vectors', each against a chanceryd of its own. */
class ClientCallsTest {
  @TempDir Path temp;

  /** chanceryd signing checkpoints with a fresh Ed25519 key. */
  private Chanceryd signingServer() throws Exception {
    return Chanceryd.signing(temp);
  }

  private static DiplomaticEvent event(String source, String target, int day, String cameo) {
    return DiplomaticEvent.newBuilder().setEventId(UUID.randomUUID().toString())
        .setOccurDate(Date.newBuilder().setYear(2021).setMonth(3).setDay(day))
        .setSource(Actor.newBuilder().setCode(source)).setTarget(Actor.newBuilder().setCode(target))
        .setCameoCode(cameo).build();
  }

  private static RecordEventsRequest threeEvents() {
    return RecordEventsRequest.newBuilder().addEvents(event("NOR", "NZL", 1, "036"))
        .addEvents(event("NZL", "NOR", 2, "042")).addEvents(event("NOR", "NZL", 3, "057")).build();
  }

  @Test
  void everyRelationsAndAuditCallIsWrapped() throws Exception {
    try (Chanceryd server = signingServer();
        ChanceryClient client = ChanceryClient.builder(server.address()).build()) {
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, client.health().getStatus());
      client.recordEvents(threeEvents());
      var observed = client.recordObservations(RecordObservationsRequest.newBuilder()
          .addObservations(RepresentationObservation.newBuilder().setObservationId(UUID.randomUUID().toString())
              .setObserveDate(Date.newBuilder().setYear(2021).setMonth(3).setDay(4))
              .setACode("NOR").setBCode("NZL")
              .setAInB(ObservedRepresentation.OBSERVED_REPRESENTATION_AMBASSADOR)
              .setBInA(ObservedRepresentation.OBSERVED_REPRESENTATION_AMBASSADOR))
          .build());
      assertEquals(4, observed.getResults(0).getPosition());

      var timeline = client.getTimeline(GetTimelineRequest.newBuilder().setDyad("NZL-NOR").build());
      assertEquals("NOR-NZL", timeline.getDyad());
      assertEquals(4, timeline.getEntriesCount());  // The three events and the observation.
      var profile = client.getActorProfile(GetActorProfileRequest.newBuilder().setActorCode("NOR").build());
      assertEquals("NZL", profile.getProfile().getPartners(0).getPartnerCode());

      var verified = client.verifyLog();
      assertEquals(4, verified.getVerifiedCount());
      assertEquals(0, verified.getFirstBadPosition());
      String checkpoint = client.getCheckpoint().getCheckpoint();
      assertTrue(checkpoint.startsWith("chancery/"), checkpoint);
      assertEquals("4", checkpoint.split("\n")[1]);
      var inclusion = client.getInclusionProof(
          GetInclusionProofRequest.newBuilder().setPosition(2).setTreeSize(4).build());
      assertEquals(2, inclusion.getRecord().getPosition());
      assertEquals(2, inclusion.getAuditPathCount());
      var consistency = client.getConsistencyProof(
          GetConsistencyProofRequest.newBuilder().setFirstSize(3).setSecondSize(4).build());
      assertTrue(consistency.getProofCount() > 0);

      List<Long> exported = new ArrayList<>();
      try (ResponseStream<LogRecord> records = client.exportLog(ExportLogRequest.getDefaultInstance())) {
        for (LogRecord record : records) exported.add(record.getPosition());
      }
      assertEquals(List.of(1L, 2L, 3L, 4L), exported);
      List<Long> replayed = new ArrayList<>();
      try (ResponseStream<ReplayRelationshipResponse> steps = client.replayRelationship(
          ReplayRelationshipRequest.newBuilder().setDyad("NOR-NZL").build())) {
        for (ReplayRelationshipResponse step : steps) {
          replayed.add(step.getRecord().getPosition());
          assertEquals(Math.min(replayed.size(), 3), step.getStateAfter().getEventCount());
        }
      }
      assertEquals(List.of(1L, 2L, 3L, 4L), replayed);  // The observation comes last, in date order.
    }
  }

  @Test
  void aStreamErrorIsAChanceryExceptionAndCloseEndsIt() throws Exception {
    try (Chanceryd server = signingServer();
        ChanceryClient client = ChanceryClient.builder(server.address()).build()) {
      client.recordEvents(threeEvents());
      try (ResponseStream<ReplayRelationshipResponse> bad = client.replayRelationship(
          ReplayRelationshipRequest.newBuilder().setDyad("NOR_NZL").build())) {
        ChanceryException error = assertThrows(ChanceryException.class, bad::hasNext);
        assertEquals(Status.Code.INVALID_ARGUMENT, error.code());
      }
      ResponseStream<LogRecord> records = client.exportLog(ExportLogRequest.getDefaultInstance());
      assertEquals(1, records.next().getPosition());
      records.close();
      assertFalse(records.hasNext());
    }
  }

  @Test
  void checkpointsNeedASigningKey() throws Exception {
    try (Chanceryd server = new Chanceryd(temp.resolve("unsigned.db"), List.of());
        ChanceryClient client = ChanceryClient.builder(server.address()).build()) {
      assertEquals(Status.Code.FAILED_PRECONDITION,
          assertThrows(ChanceryException.class, client::getCheckpoint).code());
    }
  }

  @Test
  void asyncCallsCompleteWithTheResponseOrAChanceryException() throws Exception {
    try (Chanceryd server = signingServer();
        ChanceryClient client = ChanceryClient.builder(server.address()).build()) {
      CompletableFuture<RecordEventsResponse> recorded = client.recordEventsAsync(threeEvents());
      assertEquals(3, recorded.get().getResultsCount());
      CompletableFuture<GetRelationshipResponse> relationship = client.getRelationshipAsync(
          GetRelationshipRequest.newBuilder().setDyad("NOR-NZL").build());
      CompletableFuture<Long> head = client.verifyLogAsync().thenApply(r -> r.getVerifiedCount());
      assertEquals(3, relationship.get().getRelationship().getEventCount());
      assertEquals(3L, head.get());
      assertTrue(client.getTimelineAsync(GetTimelineRequest.newBuilder().setDyad("NOR-NZL").build())
          .thenCombine(client.getActorProfileAsync(GetActorProfileRequest.newBuilder().setActorCode("NZL").build()),
              (timeline, profile) -> timeline.getEntriesCount() == 3 && profile.getProfile().getPartnersCount() == 1)
          .get());
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, client.healthAsync().get().getStatus());

      ExecutionException failed = assertThrows(ExecutionException.class, () -> client.getRelationshipAsync(
          GetRelationshipRequest.newBuilder().setDyad("NOR").build()).get());
      ChanceryException error = assertInstanceOf(ChanceryException.class, failed.getCause());
      assertEquals(Status.Code.INVALID_ARGUMENT, error.code());
      assertEquals(List.of("dyad"), error.fieldViolations());
    }
  }

  @Test
  void groupCallsHaveAsyncTwins() throws Exception {
    try (Chanceryd server = signingServer();
        ChanceryClient client = ChanceryClient.builder(server.address()).build()) {
      client.recordEvents(threeEvents());
      SubscriptionGroup group = SubscriptionGroup.newBuilder().setName("async")
          .setSource(GroupSource.GROUP_SOURCE_RELATIONSHIP_CHANGES).build();
      assertTrue(client.createGroupAsync(CreateGroupRequest.newBuilder().setGroup(group).build()).get().getCreated());
      GetGroupRequest get = GetGroupRequest.newBuilder().setName("async").build();
      assertEquals(3, client.getGroupAsync(get).get().getState().getCheckpoint());  // After the head.
      assertEquals(1, client.resetGroupAsync(ResetGroupRequest.newBuilder().setName("async").setAfterPosition(1).build())
          .get().getGroup().getCheckpoint());
      assertEquals("async", client.listGroupsAsync().get().getGroups(0).getGroup().getName());
      assertEquals(0, client.listParkedEventsAsync(ListParkedEventsRequest.newBuilder().setName("async").build())
          .get().getEventsCount());
      assertEquals(0, client.replayParkedEventsAsync(ReplayParkedEventsRequest.newBuilder().setName("async").build())
          .get().getReplayedCount());
      client.deleteGroupAsync(DeleteGroupRequest.newBuilder().setName("async").build()).get();
      ExecutionException failed = assertThrows(ExecutionException.class, () -> client.getGroupAsync(get).get());
      assertEquals(Status.Code.NOT_FOUND, assertInstanceOf(ChanceryException.class, failed.getCause()).code());
    }
  }

  @Test
  void subscriptionsAreIterableOfOneType() throws Exception {
    try (Chanceryd server = signingServer();
        ChanceryClient client = ChanceryClient.builder(server.address()).build()) {
      client.recordEvents(threeEvents());
      List<Long> positions = new ArrayList<>();
      try (ResumingStream<LogRecord> records = client.subscribeLog(SubscribeLogRequest.getDefaultInstance())) {
        for (LogRecord record : records) {
          positions.add(record.getPosition());
          if (positions.size() == 3) break;
        }
      }
      assertEquals(List.of(1L, 2L, 3L), positions);
      List<Long> changes = new ArrayList<>();
      try (ResumingStream<RelationshipChange> watch =
          client.watchRelationships(WatchRelationshipsRequest.newBuilder().setAfterPosition(1).build())) {
        for (RelationshipChange change : watch) {
          changes.add(change.getPosition());
          if (changes.size() == 2) break;
        }
      }
      assertEquals(List.of(2L, 3L), changes);
    }
  }

  @Test
  void fromNowSkipsTheLogAndReportsCaughtUpWhileAnotherThreadIterates() throws Exception {
    try (Chanceryd server = signingServer();
        ChanceryClient client = ChanceryClient.builder(server.address()).build()) {
      client.recordEvents(threeEvents());
      // after_position 1 is ignored: the head (3) is asked for when subscribing.
      try (ResumingStream<LogRecord> records = client.subscribeLogFromNow(
          SubscribeLogRequest.newBuilder().setAfterPosition(1).build())) {
        CompletableFuture<Long> caughtUp = records.caughtUp();
        CompletableFuture<LogRecord> first = CompletableFuture.supplyAsync(records::next);
        assertEquals(3L, caughtUp.get());  // Reported while next() still waits for an item.
        assertTrue(records.isCaughtUp());
        assertFalse(first.isDone());
        client.recordEvents(RecordEventsRequest.newBuilder().addEvents(event("NZL", "NOR", 4, "036")).build());
        assertEquals(4, first.get().getPosition());  // The marker was no item.
      }
      try (ResumingStream<RelationshipChange> watch = client.watchRelationshipsFromNow(
          WatchRelationshipsRequest.getDefaultInstance())) {
        assertEquals(4, watch.awaitCaughtUp());
        client.recordEvents(RecordEventsRequest.newBuilder().addEvents(event("NOR", "NZL", 5, "036")).build());
        assertEquals(5, watch.next().getPosition());
      }
    }
  }

  @Test
  void caughtUpIsReportedOnceAndReadingAheadKeepsTheItems() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("restart"));
    try (Chanceryd server = new Chanceryd(dir.resolve("chancery.db"), List.of());
        ChanceryClient client = ChanceryClient.builder(server.address()).waitForReady(true).build()) {
      client.recordEvents(threeEvents());
      try (ResumingStream<LogRecord> records = client.subscribeLog(SubscribeLogRequest.getDefaultInstance())) {
        assertFalse(records.isCaughtUp());
        assertEquals(3, records.awaitCaughtUp());
        assertEquals(3, records.awaitCaughtUp());  // At once, the second time.
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 3; i++) positions.add(records.next().getPosition());
        assertEquals(List.of(1L, 2L, 3L), positions);  // Read ahead, then handed out in order.
        // A resumption brings another CaughtUp marker, which changes nothing.
        server.restart();
        client.recordEvents(RecordEventsRequest.newBuilder().addEvents(event("NZL", "NOR", 4, "036")).build());
        assertEquals(4, records.next().getPosition());
        assertEquals(3L, records.caughtUp().get());
      }
    }
  }

  @Test
  void caughtUpFailsWhenTheStreamIsClosedFirst() throws Exception {
    try (Chanceryd server = signingServer();
        ChanceryClient client = ChanceryClient.builder(server.address()).build()) {
      ResumingStream<LogRecord> records = client.subscribeLog(SubscribeLogRequest.getDefaultInstance());
      CompletableFuture<Long> caughtUp = records.caughtUp();
      records.close();
      assertTrue(caughtUp.isCompletedExceptionally());
      assertFalse(records.isCaughtUp());
      assertThrows(CancellationException.class, records::awaitCaughtUp);
    }
  }

  @Test
  void theChannelServesStubsOfOnesOwn() throws Exception {
    try (Chanceryd server = signingServer();
        ChanceryClient client = ChanceryClient.builder(server.address()).build()) {
      client.recordEvents(threeEvents());
      var relationship = RelationsServiceGrpc.newBlockingStub(client.channel())
          .getRelationship(GetRelationshipRequest.newBuilder().setDyad("NOR-NZL").build()).getRelationship();
      assertEquals(3, relationship.getEventCount());
    }
  }
}
