package org.chancery.client;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.chancery.v1.Acknowledge;
import org.chancery.v1.ConsumeGroupRequest;
import org.chancery.v1.ConsumeGroupResponse;
import org.chancery.v1.GroupDelivery;
import org.chancery.v1.GroupHeartbeat;
import org.chancery.v1.JoinGroup;
import org.chancery.v1.NegativeAcknowledge;
import org.chancery.v1.RefusedAcknowledgements;

/**
 * A consumer of a subscription group (SubscriptionGroupService.ConsumeGroup), joined when it is
 * made: a blocking {@link Iterator} of the events the server delivers to it, and an {@link
 * Iterable} of itself for a for-each loop (once). Each delivery is finished with {@link #ack}
 * or {@link #nack}, by its position, from any thread; {@link #close} leaves the group, and the
 * server gives the events left unacknowledged to the other consumers. The server delivers a
 * stream's events one at a time: the next once the one before it is acknowledged or parked.
 *
 * <pre>{@code
 * try (GroupConsumer consumer = client.consumeGroup(JoinGroup.newBuilder().setGroup("alerts").build())) {
 *   for (GroupDelivery delivery : consumer) {
 *     handle(delivery.getRecord());
 *     consumer.ack(delivery.getPosition());
 *   }
 * }
 * }</pre>
 *
 * <p>When the stream ends with UNAVAILABLE (the server shutting down, the connection lost), the
 * consumer joins again by itself, with the same join and the client's {@link Backoff}, waiting
 * for the server to come back; the server then delivers again whatever was not acknowledged.
 * Acknowledgements sent while it is not joined are lost, so the events they name come again:
 * delivery is at least once, and handling should be idempotent, keyed by position. Other errors
 * (NOT_FOUND for an unknown or deleted group, INVALID_ARGUMENT, FAILED_PRECONDITION,
 * PERMISSION_DENIED, UNAUTHENTICATED) end the iteration: {@link #hasNext} throws them as {@link
 * ChanceryException}, every time.
 *
 * <p>Iterate from one thread; {@link #ack}, {@link #nack}, {@link #close} and the accessors may
 * be called from any.
 */
public final class GroupConsumer implements Iterator<GroupDelivery>, Iterable<GroupDelivery>, AutoCloseable {
  /** How long {@link #close} waits for the server to end the stream before cancelling it. */
  private static final Duration LEAVE_GRACE = Duration.ofSeconds(5);

  /** What a call hands the iterating thread: a response, or the call's end (OK included). */
  private record Received(ConsumeGroupResponse response, StatusRuntimeException end) {}

  /** Wakes the iterating thread when the consumer is closed. */
  private static final Received CLOSED = new Received(null, Status.CANCELLED.asRuntimeException());

  private final ConsumeGroupRequest join;
  private final Backoff backoff;
  /** Starts a ConsumeGroup call that sends its responses to the observer given. */
  private final Function<StreamObserver<ConsumeGroupResponse>, StreamObserver<ConsumeGroupRequest>> open;
  private final Context.CancellableContext context = Context.current().withCancellation();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final ArrayDeque<GroupDelivery> pending = new ArrayDeque<>();
  private volatile Consumer<RefusedAcknowledgements> onRefused = refused -> {};
  private volatile GroupHeartbeat heartbeat;
  private volatile boolean closed;
  /** The current call; sends to it and {@link #closed} are guarded by this. */
  private Call call;
  private Duration delay;
  private ChanceryException failure;

  GroupConsumer(JoinGroup join, Backoff backoff,
      Function<StreamObserver<ConsumeGroupResponse>, StreamObserver<ConsumeGroupRequest>> open) {
    this.join = ConsumeGroupRequest.newBuilder().setJoin(join).build();
    this.backoff = backoff;
    this.delay = backoff.initial();
    this.open = open;
    join();
  }

  /** One ConsumeGroup call: queues its deliveries and its end, and takes in the rest itself. */
  private final class Call implements StreamObserver<ConsumeGroupResponse> {
    private final CountDownLatch ended = new CountDownLatch(1);
    private StreamObserver<ConsumeGroupRequest> requests;

    @Override
    public void onNext(ConsumeGroupResponse response) {
      switch (response.getContentCase()) {
        case HEARTBEAT -> heartbeat = response.getHeartbeat();
        case REFUSED -> onRefused.accept(response.getRefused());
        default -> received.add(new Received(response, null));
      }
    }

    @Override
    public void onError(Throwable error) {
      end(Status.fromThrowable(error).asRuntimeException(Status.trailersFromThrowable(error)));
    }

    @Override
    public void onCompleted() {
      end(Status.OK.asRuntimeException());
    }

    private void end(StatusRuntimeException status) {
      ended.countDown();
      received.add(new Received(null, status));
    }
  }

  /**
   * Calls {@code listener} with each {@code refused} message: acknowledgements the server did not
   * take, of events this consumer does not hold (never delivered to it, already acknowledged,
   * taken back after the group's ack timeout or by a reset, or delivered before it joined again).
   * It runs on a gRPC thread: keep it short, and do not throw. Without one, refusals are ignored.
   */
  public GroupConsumer onRefused(Consumer<RefusedAcknowledgements> listener) {
    this.onRefused = listener;
    return this;
  }

  /**
   * The last heartbeat (the group's checkpoint and the head of the log), which the server sends
   * at least every second; empty before the first.
   */
  public Optional<GroupHeartbeat> lastHeartbeat() {
    return Optional.ofNullable(heartbeat);
  }

  /** Finishes these events (at most 10,000 at once): the server will not deliver them again. */
  public void ack(long... positions) {
    Acknowledge.Builder ack = Acknowledge.newBuilder();
    for (long position : positions) ack.addPositions(position);
    send(ConsumeGroupRequest.newBuilder().setAck(ack).build());
  }

  /**
   * Reports these events failed (at most 10,000 at once), for {@code reason} (kept with an event
   * that is parked): each is delivered again after a back-off, or parked after the group's
   * {@code max_attempts}.
   */
  public void nack(String reason, long... positions) {
    NegativeAcknowledge.Builder nack = NegativeAcknowledge.newBuilder().setReason(reason);
    for (long position : positions) nack.addPositions(position);
    send(ConsumeGroupRequest.newBuilder().setNack(nack).build());
  }

  /** This consumer itself: it can be iterated once. */
  @Override
  public Iterator<GroupDelivery> iterator() {
    return this;
  }

  /**
   * Blocks until a delivery arrives, joining again after UNAVAILABLE; false once the consumer is
   * closed. Throws the ChanceryException that ended it.
   */
  @Override
  public boolean hasNext() {
    while (pending.isEmpty()) {
      if (failure != null) throw failure;
      if (closed) return false;
      receive();
    }
    return !closed;
  }

  @Override
  public GroupDelivery next() {
    if (!hasNext()) throw new NoSuchElementException("the consumer is closed");
    return pending.poll();
  }

  /**
   * Leaves the group; callable from any thread. It half-closes the stream, so that the server
   * takes the acknowledgements sent before it, and waits up to 5 s for the server to end the
   * stream before cancelling it.
   */
  @Override
  public void close() {
    Call leaving;
    synchronized (this) {
      if (closed) return;
      closed = true;
      leaving = call;
      leaving.requests.onCompleted();
    }
    received.add(CLOSED);
    try {
      leaving.ended.await(LEAVE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      context.cancel(null);
    }
  }

  private synchronized void join() {
    if (closed) return;
    Call joining = new Call();
    Context previous = context.attach();  // The call is cancelled with the context.
    try {
      joining.requests = open.apply(joining);
    } finally {
      context.detach(previous);
    }
    joining.requests.onNext(join);
    call = joining;
  }

  private synchronized void send(ConsumeGroupRequest request) {
    if (!closed) call.requests.onNext(request);
  }

  private void receive() {
    Received next;
    try {
      next = received.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      return;
    }
    if (next.response() != null) {
      delay = backoff.initial();
      pending.addAll(next.response().getDeliveries().getDeliveriesList());  // None in `joined`.
      return;
    }
    if (closed) return;
    Status.Code code = next.end().getStatus().getCode();
    if (code != Status.Code.UNAVAILABLE && code != Status.Code.OK) {
      failure = new ChanceryException(next.end());
      throw failure;
    }
    pause();
    join();  // Also after OK: the server ended the stream, yet the consumer stays until closed.
  }

  private void pause() {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
    }
    delay = backoff.next(delay);
  }
}
