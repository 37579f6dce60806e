// RequestStream: the requests of one bidirectional call, queued as they come, and the call's end.

// How long end() waits for the queued requests to go out before it cancels the call anyway.
const flushMs = 1000;

/**
 * An async iterable of requests for a bidirectional call, fed by push(), and the call's signal.
 * end() lets the requests already pushed go out (connect-node takes the next request only once
 * the previous one is written), then aborts the signal: what was pushed before leaving is sent.
 */
export class RequestStream<T> implements AsyncIterable<T> {
  private readonly call = new AbortController();
  /** The call's signal: aborted by end() once the queued requests are written, or after a second. */
  readonly signal = this.call.signal;
  private readonly queue: T[];
  private ended = false;
  private wake: (() => void) | undefined;
  private taken: (() => void) | undefined;

  constructor(first: T) {
    this.queue = [first];
  }

  /** Queues a request; dropped once the stream has ended. */
  push(request: T): void {
    if (this.ended) return;
    this.queue.push(request);
    this.notify();
  }

  /** Takes no more requests, and ends the call once the queued ones are written. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const timer = setTimeout(() => this.call.abort(), flushMs).unref();
    this.taken = () => {
      clearTimeout(timer);
      this.call.abort();
    };
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      while (this.queue.length > 0) yield this.queue.shift()!;
      if (this.ended) break;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    this.taken!();
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }
}
