package org.chancery.client;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The items of a stream that ends (ExportLog's records, ReplayRelationship's steps), as a
 * blocking {@link Iterator} and an {@link Iterable} of itself (for a for-each loop, once). An
 * error ends it with a {@link ChanceryException}; it does not resume by itself. {@link #close}
 * cancels the call (from any thread); after it {@link #hasNext} returns false. Not
 * thread-safe, except {@link #close}.
 *
 * <pre>{@code
 * try (ResponseStream<LogRecord> records = client.exportLog(ExportLogRequest.getDefaultInstance())) {
 *   for (LogRecord record : records) { ... }
 * }
 * }</pre>
 */
public final class ResponseStream<T> implements Iterator<T>, Iterable<T>, AutoCloseable {
  private final Context.CancellableContext context = Context.current().withCancellation();
  private final Supplier<Iterator<T>> open;
  private Iterator<T> items;

  /** A stream of {@code open}'s responses, each turned into its item by {@code unpack}. */
  <R> ResponseStream(Supplier<Iterator<R>> open, Function<R, T> unpack) {
    this.open = () -> {
      Iterator<R> responses = open.get();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return responses.hasNext();
        }

        @Override
        public T next() {
          return unpack.apply(responses.next());
        }
      };
    };
  }

  /** Blocks until the next item arrives or the stream ends; false once it ended or was closed. */
  @Override
  public boolean hasNext() {
    if (context.isCancelled()) return false;
    try {
      if (items == null) items = context.call(open::get);
      return items.hasNext();
    } catch (StatusRuntimeException e) {
      if (context.isCancelled()) return false;
      throw new ChanceryException(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public T next() {
    if (!hasNext()) throw new NoSuchElementException("the stream has ended");
    return items.next();
  }

  /** This stream itself: it can be iterated once. */
  @Override
  public Iterator<T> iterator() {
    return this;
  }

  /** Cancels the call; callable from any thread. */
  @Override
  public void close() {
    context.cancel(null);
  }
}
