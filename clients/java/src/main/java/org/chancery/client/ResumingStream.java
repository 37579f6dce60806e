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
 */
public final class ResumingStream<T> implements Iterator<T>, Iterable<T>, AutoCloseable {
  /** One item of a response (null for a marker) and its position. */
  record Positioned<T>(T item, long position) {}

  private static final Set<Status.Code> RESUMABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.RESOURCE_EXHAUSTED);

  /** Subscribes after a position; yields each response's items. */
  private final LongFunction<Iterator<List<Positioned<T>>>> open;
  private final Backoff backoff;
  private final Context.CancellableContext context = Context.current().withCancellation();
  private final ArrayDeque<Positioned<T>> pending = new ArrayDeque<>();
  private Iterator<List<Positioned<T>>> responses;
  private Duration delay;
  private long position;
  private T next;

  /**
   * A stream that opens the subscription with {@code open} (given the position to resume
   * after) and turns each response {@code R} into items and markers with {@code unpack}.
   */
  <R> ResumingStream(long afterPosition, Backoff backoff, LongFunction<Iterator<R>> open,
      Function<R, List<Positioned<T>>> unpack) {
    this.position = afterPosition;
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

  /** Position of the last item or marker received: resume from it in another subscription. */
  public long position() {
    return position;
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
  }

  private void receive() {
    try {
      if (responses == null) responses = context.call(() -> open.apply(position));
      if (responses.hasNext()) {
        pending.addAll(responses.next());
        delay = backoff.initial();
      } else {
        responses = null; // The server ended the stream with OK: subscribe again.
      }
    } catch (StatusRuntimeException e) {
      responses = null;
      if (context.isCancelled()) return;
      if (!RESUMABLE.contains(e.getStatus().getCode())) throw new ChanceryException(e);
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
