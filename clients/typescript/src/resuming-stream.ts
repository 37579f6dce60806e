// ResumingStream: a subscription that survives dropped connections and server restarts.
import { Code, ConnectError } from "@connectrpc/connect";

/** Pause between resubscriptions: `initialMs`, doubling up to `maxMs`. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: Backoff = { initialMs: 50, maxMs: 5000 };

/** One item of a response (undefined for a marker) and its position. */
export type Positioned<T> = [item: T | undefined, position: bigint];

// Codes on which a subscription is resumed: the server ended it (shutting down, or the client
// fell behind; both carry a SubscriptionEnded detail) or the connection is gone.
const resumable = new Set([Code.Unavailable, Code.ResourceExhausted]);

/**
 * Iterates a subscription's items, resubscribing from the last position received whenever
 * the stream ends with UNAVAILABLE or RESOURCE_EXHAUSTED. Items therefore arrive in position
 * order, each once, across any number of resumptions. Other errors end the iteration with a
 * ConnectError. Iterate it once.
 */
export class ResumingStream<T> implements AsyncIterable<T> {
  /** Position of the last item or marker received: resume from it in another subscription. */
  position: bigint;
  private readonly abort = new AbortController();
  private readonly timeoutMs: number | undefined;

  /**
   * `open` subscribes after a position, with the signal and the time left of `timeoutMs`.
   * `options.signal` ends the iteration as cancel() does; `options.timeoutMs` bounds the whole
   * subscription, resumptions included, from the start of the iteration: past it the iteration
   * ends with DEADLINE_EXCEEDED.
   */
  constructor(
    private readonly open: (afterPosition: bigint, call: { signal: AbortSignal; timeoutMs?: number }) =>
      AsyncIterable<Positioned<T>[]>,
    afterPosition: bigint,
    private readonly backoff: Backoff = defaultBackoff,
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ) {
    this.position = afterPosition;
    this.timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : undefined;
    const signal = options.signal;
    if (signal?.aborted) this.abort.abort();
    else signal?.addEventListener("abort", () => this.abort.abort(), { once: true, signal: this.abort.signal });
  }

  /** Ends the subscription; iteration stops. */
  cancel(): void {
    this.abort.abort();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    let delayMs = this.backoff.initialMs;
    const deadline = this.timeoutMs === undefined ? undefined : Date.now() + this.timeoutMs;
    while (!this.abort.signal.aborted) {
      const timeoutMs = deadline === undefined ? undefined : deadline - Date.now();
      if (timeoutMs !== undefined && timeoutMs <= 0) {
        throw new ConnectError("the subscription's timeoutMs passed", Code.DeadlineExceeded);
      }
      try {
        for await (const response of this.open(this.position, { signal: this.abort.signal, timeoutMs })) {
          delayMs = this.backoff.initialMs;
          for (const [item, position] of response) {
            this.position = position;
            if (item !== undefined) yield item;
          }
        }
      } catch (error) {
        if (this.abort.signal.aborted) return;
        const connectError = ConnectError.from(error);
        if (!resumable.has(connectError.code)) throw connectError;
        await sleep(delayMs, this.abort.signal);
        delayMs = Math.min(2 * delayMs, this.backoff.maxMs);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
