package org.chancery.client;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Iterates a subscription's items (log records, relationship changes), subscribing again from
 * the last position received whenever the stream ends with UNAVAILABLE (server shutting down,
 * connection lost) or RESOURCE_EXHAUSTED (client too slow). Items therefore arrive in position
 * order, each once, across any number of resumptions. Other errors are thrown as {@link
 * ChanceryException}. Not thread-safe, except {@link #close}.
 *
 * <p>It is also an {@link Iterable} of itself, for a for-each loop (once: {@link #iterator}
 * returns this same stream):
 *
 * <pre>{@code
 * try (ResumingStream<LogRecord> records = client.subscribeLog(request)) {
 *   for (LogRecord record : records) { ... }
 * }
 * }</pre>
 *
 * <p>The server first sends what the log already holds after the starting position, then a
 * {@code CaughtUp} marker, then live items. Markers are not items: the first one completes
 * {@link #caughtUp} instead, when the stream receives it (as it is iterated, or read ahead by
 * {@link #awaitCaughtUp}).
 */
public final class ResumingStream<T> implements Iterator<T>, Iterable<T>, AutoCloseable {
  /**
   * One item of a response (null for a marker) and its position; {@code caughtUp} for a
   * CaughtUp marker.
   */
  record Positioned<T>(T item, long position, boolean caughtUp) {
    Positioned(T item, long position) {
      this(item, position, false);
    }

    /** A CaughtUp marker at {@code position}. */
    static <T> Positioned<T> caughtUpAt(long position) {
      return new Positioned<>(null, position, true);
    }
  }

  private static final Set<Status.Code> RESUMABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.RESOURCE_EXHAUSTED);

  /** Subscribes after a position; yields each response's items. */
  private final LongFunction<Iterator<List<Positioned<T>>>> open;
  private final Backoff backoff;
  private final Context.CancellableContext context = Context.current().withCancellation();
  private final ArrayDeque<Positioned<T>> pending = new ArrayDeque<>();
  /** The first CaughtUp marker's position; fails if the stream ends before it. */
  private final CompletableFuture<Long> caughtUp = new CompletableFuture<>();
  private Iterator<List<Positioned<T>>> responses;
  private Duration delay;
  /** Position of the last item or marker handed out (or skipped) by {@link #hasNext}. */
  private long position;
  /** Position of the last item or marker received, pending ones included: resume after it. */
  private long received;
  private T next;

  /**
   * A stream that opens the subscription with {@code open} (given the position to resume
   * after) and turns each response {@code R} into items and markers with {@code unpack}.
   */
  <R> ResumingStream(long afterPosition, Backoff backoff, LongFunction<Iterator<R>> open,
      Function<R, List<Positioned<T>>> unpack) {
    this.position = afterPosition;
    this.received = afterPosition;
    this.backoff = backoff;
    this.delay = backoff.initial();
    this.open = after -> {
      Iterator<R> responses = open.apply(after);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return responses.hasNext();
        }

        @Override
        public List<Positioned<T>> next() {
          return unpack.apply(responses.next());
        }
      };
    };
  }

  /** This stream itself: it can be iterated once. */
  @Override
  public Iterator<T> iterator() {
    return this;
  }

  /**
   * Position of the last item or marker the iteration has reached: resume from it in another
   * subscription.
   */
  public long position() {
    return position;
  }

  /**
   * Completes with the position of the first CaughtUp marker, the head of the log when the
   * catch-up ended: every item up to it has been received (and is handed out before any later
   * one). It completes once, when the stream receives that marker, on the thread reading the
   * stream (iterating, or {@link #awaitCaughtUp}); later markers (one per resumption) change
   * nothing. It fails with a CancellationException if the stream is closed first, or with the
   * ChanceryException that ended the stream. Each call returns a new dependent future, so
   * completing or cancelling it does not affect the stream.
   */
  public CompletableFuture<Long> caughtUp() {
    return caughtUp.copy();
  }

  /** Whether the stream has received its first CaughtUp marker (see {@link #caughtUp}). */
  public boolean isCaughtUp() {
    return caughtUp.isDone() && !caughtUp.isCompletedExceptionally();
  }

  /**
   * Blocks until the stream has caught up, reading ahead as needed; returns the position of the
   * first CaughtUp marker (see {@link #caughtUp}), at once if it has already arrived. Items read
   * ahead are kept: the iteration still hands each of them out, in order. Like {@link #hasNext},
   * it resumes the subscription on UNAVAILABLE and RESOURCE_EXHAUSTED and throws {@link
   * ChanceryException} on other errors; it throws CancellationException if the stream is closed
   * first. Not thread-safe: call it from the thread that iterates.
   */
  public long awaitCaughtUp() {
    while (!caughtUp.isDone() && !context.isCancelled()) receive();
    if (isCaughtUp()) return caughtUp.getNow(0L);
    throw new CancellationException("the subscription is closed");
  }

  /** Blocks until an item arrives; false once the stream is closed. */
  @Override
  public boolean hasNext() {
    while (next == null) {
      Positioned<T> head = pending.poll();
      if (head != null) {
        position = head.position();
        next = head.item();
        continue;
      }
      if (context.isCancelled()) return false;
      receive();
    }
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) throw new NoSuchElementException("the subscription is closed");
    T item = next;
    next = null;
    return item;
  }

  /** Ends the subscription; callable from any thread. */
  @Override
  public void close() {
    context.cancel(null);
    caughtUp.completeExceptionally(new CancellationException("the subscription is closed"));
  }

  private void receive() {
    try {
      if (responses == null) responses = context.call(() -> open.apply(received));
      if (responses.hasNext()) {
        for (Positioned<T> positioned : responses.next()) {
          pending.add(positioned);
          received = positioned.position();
          if (positioned.caughtUp()) caughtUp.complete(positioned.position());
        }
        delay = backoff.initial();
      } else {
        responses = null; // The server ended the stream with OK: subscribe again.
      }
    } catch (StatusRuntimeException e) {
      responses = null;
      if (context.isCancelled()) return;
      if (!RESUMABLE.contains(e.getStatus().getCode())) {
        ChanceryException error = new ChanceryException(e);
        caughtUp.completeExceptionally(error);
        throw error;
      }
      pause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
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
