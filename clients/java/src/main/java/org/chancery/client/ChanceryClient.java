package org.chancery.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.AbstractStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.chancery.v1.AuditServiceGrpc;
import org.chancery.v1.CreateGroupRequest;
import org.chancery.v1.CreateGroupResponse;
import org.chancery.v1.DeleteGroupRequest;
import org.chancery.v1.DeleteGroupResponse;
import org.chancery.v1.EventLogServiceGrpc;
import org.chancery.v1.ExportLogRequest;
import org.chancery.v1.ExportLogResponse;
import org.chancery.v1.GetActorProfileRequest;
import org.chancery.v1.GetActorProfileResponse;
import org.chancery.v1.GetCheckpointRequest;
import org.chancery.v1.GetCheckpointResponse;
import org.chancery.v1.GetConsistencyProofRequest;
import org.chancery.v1.GetConsistencyProofResponse;
import org.chancery.v1.GetGroupRequest;
import org.chancery.v1.GetGroupResponse;
import org.chancery.v1.GetInclusionProofRequest;
import org.chancery.v1.GetInclusionProofResponse;
import org.chancery.v1.GetRelationshipRequest;
import org.chancery.v1.GetRelationshipResponse;
import org.chancery.v1.GetTimelineRequest;
import org.chancery.v1.GetTimelineResponse;
import org.chancery.v1.JoinGroup;
import org.chancery.v1.ListGroupsRequest;
import org.chancery.v1.ListGroupsResponse;
import org.chancery.v1.ListParkedEventsRequest;
import org.chancery.v1.ListParkedEventsResponse;
import org.chancery.v1.ListRelationshipsRequest;
import org.chancery.v1.ListRelationshipsResponse;
import org.chancery.v1.LogRecord;
import org.chancery.v1.ReadLogRequest;
import org.chancery.v1.ReadLogResponse;
import org.chancery.v1.ReadStreamRequest;
import org.chancery.v1.ReadStreamResponse;
import org.chancery.v1.RecordEventsRequest;
import org.chancery.v1.RecordEventsResponse;
import org.chancery.v1.RecordObservationsRequest;
import org.chancery.v1.RecordObservationsResponse;
import org.chancery.v1.RelationsServiceGrpc;
import org.chancery.v1.RelationshipChange;
import org.chancery.v1.ReplayParkedEventsRequest;
import org.chancery.v1.ReplayParkedEventsResponse;
import org.chancery.v1.ReplayRelationshipRequest;
import org.chancery.v1.ReplayRelationshipResponse;
import org.chancery.v1.ResetGroupRequest;
import org.chancery.v1.ResetGroupResponse;
import org.chancery.v1.RetractEventRequest;
import org.chancery.v1.RetractEventResponse;
import org.chancery.v1.SubscribeLogRequest;
import org.chancery.v1.SubscribeLogResponse;
import org.chancery.v1.SubscriptionGroupServiceGrpc;
import org.chancery.v1.VerifyLogRequest;
import org.chancery.v1.VerifyLogResponse;
import org.chancery.v1.WatchRelationshipsRequest;
import org.chancery.v1.WatchRelationshipsResponse;

/**
 * A connection to chanceryd, or to several replicas of it, wrapping every call of chancery.v1
 * and gRPC's health check. Unary calls time out after the client's timeout and throw {@link
 * ChanceryException}; each has an {@code ...Async} twin returning a {@link CompletableFuture}
 * that fails with one. Subscriptions resume by themselves (see {@link ResumingStream}), group
 * consumers join again by themselves (see {@link GroupConsumer}); the audit streams end (see
 * {@link ResponseStream}). {@link #channel} serves anything else.
 *
 * <pre>{@code
 * try (ChanceryClient client = ChanceryClient.builder("127.0.0.1:50051").build()) { ... }
 * }</pre>
 */
public final class ChanceryClient implements AutoCloseable {
  /**
   * The C++ client's service config, as gRPC Java takes its JSON (numbers as Double): calls
   * spread over the replicas, and one that finds a replica unavailable tried again on another.
   * Every call of these services is safe to retry: reads change nothing, and a retried record
   * or retraction carries the same ids, which the server records once. SubscriptionGroupService
   * is not retried: a DeleteGroup or ReplayParkedEvents that was done but not answered would
   * fail when repeated.
   */
  private static final Map<String, ?> REPLICA_SERVICE_CONFIG = Map.of(
      "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
      "methodConfig", List.of(Map.of(
          "name", List.of(Map.of("service", "chancery.v1.RelationsService"),
              Map.of("service", "chancery.v1.EventLogService"),
              Map.of("service", "chancery.v1.AuditService")),
          "retryPolicy", Map.of("maxAttempts", 3.0, "initialBackoff", "0.1s", "maxBackoff", "1s",
              "backoffMultiplier", 2.0, "retryableStatusCodes", List.of("UNAVAILABLE")))));

  private final ManagedChannel channel;
  private final RelationsServiceGrpc.RelationsServiceBlockingStub relations;
  private final RelationsServiceGrpc.RelationsServiceFutureStub relationsAsync;
  private final EventLogServiceGrpc.EventLogServiceBlockingStub log;
  private final EventLogServiceGrpc.EventLogServiceFutureStub logAsync;
  private final AuditServiceGrpc.AuditServiceBlockingStub audit;
  private final AuditServiceGrpc.AuditServiceFutureStub auditAsync;
  private final SubscriptionGroupServiceGrpc.SubscriptionGroupServiceBlockingStub groups;
  private final SubscriptionGroupServiceGrpc.SubscriptionGroupServiceFutureStub groupsAsync;
  private final SubscriptionGroupServiceGrpc.SubscriptionGroupServiceStub groupStreams;
  private final HealthGrpc.HealthBlockingStub health;
  private final HealthGrpc.HealthFutureStub healthAsync;
  private final Duration timeout;
  private final boolean waitForReady;
  private final Backoff backoff;

  private ChanceryClient(Builder builder) {
    List<String> servers = Servers.parse(builder.servers);
    ChannelSecurity security = new ChannelSecurity(builder.token, builder.caPem, builder.certPem, builder.keyPem);
    this.channel = Grpc.newChannelBuilder(
            Servers.target(servers), security.credentials(servers, builder.credentials))
        .defaultServiceConfig(REPLICA_SERVICE_CONFIG)
        .enableRetry()
        .build();
    this.relations = RelationsServiceGrpc.newBlockingStub(channel);
    this.relationsAsync = RelationsServiceGrpc.newFutureStub(channel);
    this.log = EventLogServiceGrpc.newBlockingStub(channel);
    this.logAsync = EventLogServiceGrpc.newFutureStub(channel);
    this.audit = AuditServiceGrpc.newBlockingStub(channel);
    this.auditAsync = AuditServiceGrpc.newFutureStub(channel);
    this.groups = SubscriptionGroupServiceGrpc.newBlockingStub(channel);
    this.groupsAsync = SubscriptionGroupServiceGrpc.newFutureStub(channel);
    this.groupStreams = SubscriptionGroupServiceGrpc.newStub(channel);
    this.health = HealthGrpc.newBlockingStub(channel);
    this.healthAsync = HealthGrpc.newFutureStub(channel);
    this.timeout = builder.timeout;
    this.waitForReady = builder.waitForReady;
    this.backoff = builder.backoff;
  }

  /**
   * A builder for the chanceryd at {@code servers}: one "HOST:PORT" ("127.0.0.1:50051", or a
   * host name whose DNS records list every replica), or the replicas' "IP:PORT" addresses
   * separated by commas ("10.0.0.5:50051,10.0.0.6:50051"), all IPv4 or all [IPv6]. {@link
   * Builder#build} throws IllegalArgumentException for an address without a port, or a list
   * that holds a host name or mixes IPv4 and IPv6.
   */
  public static Builder builder(String servers) {
    return new Builder(servers);
  }

  /** A builder for the replicas at these "IP:PORT" addresses (see {@link #builder(String)}). */
  public static Builder builder(List<String> servers) {
    return builder(String.join(",", servers));
  }

  /** Options of a ChanceryClient. */
  public static final class Builder {
    private final String servers;
    private ChannelCredentials credentials = InsecureChannelCredentials.create();
    private String token;
    private byte[] caPem;
    private byte[] certPem;
    private byte[] keyPem;
    private Duration timeout = Duration.ofSeconds(30);
    private boolean waitForReady;
    private Backoff backoff = Backoff.DEFAULT;

    private Builder(String servers) {
      this.servers = servers;
    }

    /**
     * Transport credentials for anything the options below do not cover; the default is
     * insecure. {@link #tlsCa} and {@link #clientCertificate} replace them.
     */
    public Builder credentials(ChannelCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * Sends {@code authorization: Bearer <token>} with every call (call credentials). Without
     * TLS only to loopback addresses ({@link #build} throws otherwise), where chanceryd accepts
     * tokens without TLS.
     */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** TLS, trusting the CA certificates in {@code pem} (PEM). */
    public Builder tlsCa(byte[] pem) {
      this.caPem = pem;
      return this;
    }

    /** TLS, trusting the CA certificates in the PEM file at {@code path}. */
    public Builder tlsCa(Path path) {
      return tlsCa(read(path));
    }

    /** Mutual TLS: presents this PEM certificate chain and private key (implies TLS). */
    public Builder clientCertificate(byte[] certPem, byte[] keyPem) {
      this.certPem = certPem;
      this.keyPem = keyPem;
      return this;
    }

    /** Mutual TLS: presents the PEM certificate chain and key in these files. */
    public Builder clientCertificate(Path certPath, Path keyPath) {
      return clientCertificate(read(certPath), read(keyPath));
    }

    private static byte[] read(Path path) {
      try {
        return Files.readAllBytes(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Bound on each unary call (default 30 s; zero for none). Subscriptions have none. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Whether unary calls wait (up to the timeout) while no server can be reached, rather than
     * fail UNAVAILABLE at once (default false).
     */
    public Builder waitForReady(boolean waitForReady) {
      this.waitForReady = waitForReady;
      return this;
    }

    /** Pause between resubscriptions. */
    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    public ChanceryClient build() {
      return new ChanceryClient(this);
    }
  }

  /** Closes the connection, cancelling calls in progress. */
  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The client's channel, for calls this class does not wrap (gRPC reflection, say, or a stub
   * of your own): it carries the client's addresses, TLS and token, and closes with the client.
   */
  public Channel channel() {
    return channel;
  }

  // RelationsService.

  public RecordEventsResponse recordEvents(RecordEventsRequest request) {
    return unary(relations, stub -> stub.recordEvents(request));
  }

  public CompletableFuture<RecordEventsResponse> recordEventsAsync(RecordEventsRequest request) {
    return async(relationsAsync, stub -> stub.recordEvents(request));
  }

  public RetractEventResponse retractEvent(RetractEventRequest request) {
    return unary(relations, stub -> stub.retractEvent(request));
  }

  public CompletableFuture<RetractEventResponse> retractEventAsync(RetractEventRequest request) {
    return async(relationsAsync, stub -> stub.retractEvent(request));
  }

  public RecordObservationsResponse recordObservations(RecordObservationsRequest request) {
    return unary(relations, stub -> stub.recordObservations(request));
  }

  public CompletableFuture<RecordObservationsResponse> recordObservationsAsync(
      RecordObservationsRequest request) {
    return async(relationsAsync, stub -> stub.recordObservations(request));
  }

  public GetRelationshipResponse getRelationship(GetRelationshipRequest request) {
    return unary(relations, stub -> stub.getRelationship(request));
  }

  public CompletableFuture<GetRelationshipResponse> getRelationshipAsync(GetRelationshipRequest request) {
    return async(relationsAsync, stub -> stub.getRelationship(request));
  }

  public ListRelationshipsResponse listRelationships(ListRelationshipsRequest request) {
    return unary(relations, stub -> stub.listRelationships(request));
  }

  public CompletableFuture<ListRelationshipsResponse> listRelationshipsAsync(ListRelationshipsRequest request) {
    return async(relationsAsync, stub -> stub.listRelationships(request));
  }

  public GetTimelineResponse getTimeline(GetTimelineRequest request) {
    return unary(relations, stub -> stub.getTimeline(request));
  }

  public CompletableFuture<GetTimelineResponse> getTimelineAsync(GetTimelineRequest request) {
    return async(relationsAsync, stub -> stub.getTimeline(request));
  }

  public GetActorProfileResponse getActorProfile(GetActorProfileRequest request) {
    return unary(relations, stub -> stub.getActorProfile(request));
  }

  public CompletableFuture<GetActorProfileResponse> getActorProfileAsync(GetActorProfileRequest request) {
    return async(relationsAsync, stub -> stub.getActorProfile(request));
  }

  /**
   * Every RelationshipChange after {@code after_position}, then live ones, until closed; {@link
   * ResumingStream#caughtUp} completes once the changes already in the log have arrived.
   */
  public ResumingStream<RelationshipChange> watchRelationships(WatchRelationshipsRequest request) {
    return new ResumingStream<>(request.getAfterPosition(), backoff,
        after -> relations.withWaitForReady()
            .watchRelationships(request.toBuilder().setAfterPosition(after).build()),
        ChanceryClient::unpackWatch);
  }

  /**
   * The changes from now on: {@link #watchRelationships} after the head of the log as it is now
   * (asked of the server first, with the client's timeout, waiting for it to be reachable),
   * whatever the request's {@code after_position}. It reports that it has caught up at that head.
   */
  public ResumingStream<RelationshipChange> watchRelationshipsFromNow(WatchRelationshipsRequest request) {
    return watchRelationships(request.toBuilder().setAfterPosition(headPosition()).build());
  }

  // EventLogService.

  public ReadLogResponse readLog(ReadLogRequest request) {
    return unary(log, stub -> stub.readLog(request));
  }

  public CompletableFuture<ReadLogResponse> readLogAsync(ReadLogRequest request) {
    return async(logAsync, stub -> stub.readLog(request));
  }

  public ReadStreamResponse readStream(ReadStreamRequest request) {
    return unary(log, stub -> stub.readStream(request));
  }

  public CompletableFuture<ReadStreamResponse> readStreamAsync(ReadStreamRequest request) {
    return async(logAsync, stub -> stub.readStream(request));
  }

  /**
   * Every matching LogRecord after {@code after_position}, then live ones, until closed; {@link
   * ResumingStream#caughtUp} completes once the records already in the log have arrived.
   */
  public ResumingStream<LogRecord> subscribeLog(SubscribeLogRequest request) {
    return new ResumingStream<>(request.getAfterPosition(), backoff,
        after -> log.withWaitForReady()
            .subscribeLog(request.toBuilder().setAfterPosition(after).build()),
        ChanceryClient::unpackLog);
  }

  /**
   * The records from now on: {@link #subscribeLog} after the head of the log as it is now (asked
   * of the server first, with the client's timeout, waiting for it to be reachable), whatever
   * the request's {@code after_position}. It reports that it has caught up at that head.
   */
  public ResumingStream<LogRecord> subscribeLogFromNow(SubscribeLogRequest request) {
    return subscribeLog(request.toBuilder().setAfterPosition(headPosition()).build());
  }

  /** Position of the last record in the log now (0 for an empty log). */
  private long headPosition() {
    ReadLogRequest one = ReadLogRequest.newBuilder().setPageSize(1).build();
    return unary(log.withWaitForReady(), stub -> stub.readLog(one)).getHeadPosition();
  }

  // AuditService.

  /** Walks the hash chain (a long log needs a long {@link Builder#timeout}). */
  public VerifyLogResponse verifyLog() {
    return unary(audit, stub -> stub.verifyLog(VerifyLogRequest.getDefaultInstance()));
  }

  public CompletableFuture<VerifyLogResponse> verifyLogAsync() {
    return async(auditAsync, stub -> stub.verifyLog(VerifyLogRequest.getDefaultInstance()));
  }

  /** A signed checkpoint; FAILED_PRECONDITION from a chanceryd without {@code --signing-key}. */
  public GetCheckpointResponse getCheckpoint() {
    return unary(audit, stub -> stub.getCheckpoint(GetCheckpointRequest.getDefaultInstance()));
  }

  public CompletableFuture<GetCheckpointResponse> getCheckpointAsync() {
    return async(auditAsync, stub -> stub.getCheckpoint(GetCheckpointRequest.getDefaultInstance()));
  }

  public GetInclusionProofResponse getInclusionProof(GetInclusionProofRequest request) {
    return unary(audit, stub -> stub.getInclusionProof(request));
  }

  public CompletableFuture<GetInclusionProofResponse> getInclusionProofAsync(GetInclusionProofRequest request) {
    return async(auditAsync, stub -> stub.getInclusionProof(request));
  }

  public GetConsistencyProofResponse getConsistencyProof(GetConsistencyProofRequest request) {
    return unary(audit, stub -> stub.getConsistencyProof(request));
  }

  public CompletableFuture<GetConsistencyProofResponse> getConsistencyProofAsync(
      GetConsistencyProofRequest request) {
    return async(auditAsync, stub -> stub.getConsistencyProof(request));
  }

  /**
   * Every record from {@code start_position} to the head of the log when the call starts, then
   * the end of the stream. No timeout; it does not resume by itself: after an error, export
   * again from one past the last record's position.
   */
  public ResponseStream<LogRecord> exportLog(ExportLogRequest request) {
    return new ResponseStream<>(() -> audit.exportLog(request), ExportLogResponse::getRecord);
  }

  /** A dyad's events in date order, each with the relationship just after it; no timeout. */
  public ResponseStream<ReplayRelationshipResponse> replayRelationship(ReplayRelationshipRequest request) {
    return new ResponseStream<>(() -> audit.replayRelationship(request), response -> response);
  }

  // SubscriptionGroupService.

  /**
   * Creates a group; creating the same definition again returns the existing group ({@code
   * created} false), another definition under its name is ALREADY_EXISTS.
   */
  public CreateGroupResponse createGroup(CreateGroupRequest request) {
    return unary(groups, stub -> stub.createGroup(request));
  }

  public CompletableFuture<CreateGroupResponse> createGroupAsync(CreateGroupRequest request) {
    return async(groupsAsync, stub -> stub.createGroup(request));
  }

  public GetGroupResponse getGroup(GetGroupRequest request) {
    return unary(groups, stub -> stub.getGroup(request));
  }

  public CompletableFuture<GetGroupResponse> getGroupAsync(GetGroupRequest request) {
    return async(groupsAsync, stub -> stub.getGroup(request));
  }

  public ListGroupsResponse listGroups() {
    return unary(groups, stub -> stub.listGroups(ListGroupsRequest.getDefaultInstance()));
  }

  public CompletableFuture<ListGroupsResponse> listGroupsAsync() {
    return async(groupsAsync, stub -> stub.listGroups(ListGroupsRequest.getDefaultInstance()));
  }

  public ResetGroupResponse resetGroup(ResetGroupRequest request) {
    return unary(groups, stub -> stub.resetGroup(request));
  }

  public CompletableFuture<ResetGroupResponse> resetGroupAsync(ResetGroupRequest request) {
    return async(groupsAsync, stub -> stub.resetGroup(request));
  }

  public DeleteGroupResponse deleteGroup(DeleteGroupRequest request) {
    return unary(groups, stub -> stub.deleteGroup(request));
  }

  public CompletableFuture<DeleteGroupResponse> deleteGroupAsync(DeleteGroupRequest request) {
    return async(groupsAsync, stub -> stub.deleteGroup(request));
  }

  public ListParkedEventsResponse listParkedEvents(ListParkedEventsRequest request) {
    return unary(groups, stub -> stub.listParkedEvents(request));
  }

  public CompletableFuture<ListParkedEventsResponse> listParkedEventsAsync(ListParkedEventsRequest request) {
    return async(groupsAsync, stub -> stub.listParkedEvents(request));
  }

  public ReplayParkedEventsResponse replayParkedEvents(ReplayParkedEventsRequest request) {
    return unary(groups, stub -> stub.replayParkedEvents(request));
  }

  public CompletableFuture<ReplayParkedEventsResponse> replayParkedEventsAsync(
      ReplayParkedEventsRequest request) {
    return async(groupsAsync, stub -> stub.replayParkedEvents(request));
  }

  /**
   * Joins a group as a consumer, at once: iterate the consumer for its deliveries, acknowledge
   * them on it, close it to leave. It joins again by itself after UNAVAILABLE (see {@link
   * GroupConsumer}); no timeout.
   */
  public GroupConsumer consumeGroup(JoinGroup join) {
    return new GroupConsumer(join, backoff,
        responses -> groupStreams.withWaitForReady().consumeGroup(responses));
  }

  // gRPC's health service.

  /** gRPC's health check of the whole server (it needs no token). */
  public HealthCheckResponse health() {
    return unary(health, stub -> stub.check(HealthCheckRequest.getDefaultInstance()));
  }

  public CompletableFuture<HealthCheckResponse> healthAsync() {
    return async(healthAsync, stub -> stub.check(HealthCheckRequest.getDefaultInstance()));
  }

  /** {@code stub} with the client's timeout (from now) and wait-for-ready setting. */
  private <S extends AbstractStub<S>> S prepare(S stub) {
    S bounded = timeout.isZero()
        ? stub : stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return waitForReady ? bounded.withWaitForReady() : bounded;
  }

  private <S extends AbstractStub<S>, R> R unary(S stub, Function<S, R> call) {
    try {
      return call.apply(prepare(stub));
    } catch (StatusRuntimeException e) {
      throw new ChanceryException(e);
    }
  }

  /**
   * The call's response as a CompletableFuture, completed on a gRPC thread, exceptionally with
   * a ChanceryException when the call fails; cancelling it cancels the call.
   */
  private <S extends AbstractStub<S>, R> CompletableFuture<R> async(
      S stub, Function<S, ListenableFuture<R>> call) {
    ListenableFuture<R> future = call.apply(prepare(stub));
    CompletableFuture<R> result = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        future.cancel(true);
        return super.cancel(mayInterruptIfRunning);
      }
    };
    future.addListener(() -> {
      try {
        result.complete(future.get());
      } catch (ExecutionException e) {
        result.completeExceptionally(e.getCause() instanceof StatusRuntimeException status
            ? new ChanceryException(status) : e.getCause());
      } catch (CancellationException e) {
        result.cancel(false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();  // Unreachable: the future is done.
        result.completeExceptionally(e);
      }
    }, Runnable::run);
    return result;
  }

  private static List<ResumingStream.Positioned<LogRecord>> unpackLog(SubscribeLogResponse response) {
    return switch (response.getContentCase()) {
      case RECORDS -> response.getRecords().getRecordsList().stream()
          .map(record -> new ResumingStream.Positioned<>(record, record.getPosition()))
          .toList();
      case CAUGHT_UP -> List.of(ResumingStream.Positioned.caughtUpAt(response.getCaughtUp().getPosition()));
      case CHECKPOINT -> List.of(new ResumingStream.Positioned<>(null, response.getCheckpoint().getPosition()));
      default -> List.of();
    };
  }

  private static List<ResumingStream.Positioned<RelationshipChange>> unpackWatch(
      WatchRelationshipsResponse response) {
    return switch (response.getContentCase()) {
      case CHANGE -> List.of(new ResumingStream.Positioned<>(response.getChange(), response.getChange().getPosition()));
      case CAUGHT_UP -> List.of(ResumingStream.Positioned.caughtUpAt(response.getCaughtUp().getPosition()));
      case CHECKPOINT -> List.of(new ResumingStream.Positioned<>(null, response.getCheckpoint().getPosition()));
      default -> List.of();
    };
  }
}
