// ResumingStream: a subscription that survives dropped connections and server restarts.
import { Code, ConnectError } from "@connectrpc/connect";
import { type Backoff, defaultBackoff, sleep } from "./backoff.js";

/**
 * One item of a response (undefined for a marker) and its position; `caughtUp` is true for a
 * CaughtUp marker.
 */
export type Positioned<T> = [item: T | undefined, position: bigint, caughtUp?: boolean];

/** Options of a subscription: connect's signal and timeout, and the caught-up callback. */
export interface SubscriptionOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * Called once, with its position, when the iteration reaches the first CaughtUp marker: every
   * item up to the head of the log as it was when the catch-up ended has been taken.
   */
  onCaughtUp?: (position: bigint) => void;
}

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
  /**
   * Position of the last item or marker received: resume from it in another subscription. From
   * now: the head of the log once the client has it (0n until then).
   */
  position: bigint;
  /**
   * Resolves with the position of the first CaughtUp marker (the head of the log as it was when
   * the catch-up ended) when the iteration reaches it, once every item before it has been taken;
   * rejects with the iteration's error, or CANCELED, if the iteration ends before. Later markers
   * (after a resumption) do not change it. It settles only while the stream is iterated.
   */
  readonly caughtUp: Promise<bigint>;
  /** Whether the iteration has reached the first CaughtUp marker (and `caughtUp` resolved). */
  isCaughtUp = false;
  private readonly abort = new AbortController();
  private readonly timeoutMs: number | undefined;
  private readonly onCaughtUp: ((position: bigint) => void) | undefined;
  private settleCaughtUp!: { resolve(position: bigint): void; reject(error: unknown): void };
  // From now: asks for the head until one answer comes; `head` is the lookup on its way.
  private lookUpHead: ((call: { signal: AbortSignal; timeoutMs?: number }) => Promise<bigint>) | undefined;
  private head: Promise<bigint> | undefined;

  /**
   * `open` subscribes after a position, with the signal and the time left of `timeoutMs`.
   * `afterPosition` is a position, or, for a subscription from now, a function that asks the
   * server for the head of the log: it is called at once, and again (with the time left) after
   * UNAVAILABLE or RESOURCE_EXHAUSTED until one answer comes; the subscription starts after it.
   * `options.signal` ends the iteration as cancel() does; `options.timeoutMs` bounds the whole
   * subscription, resumptions included, from the start of the iteration: past it the iteration
   * ends with DEADLINE_EXCEEDED. `options.onCaughtUp` is called as `caughtUp` resolves.
   */
  constructor(
    private readonly open: (afterPosition: bigint, call: { signal: AbortSignal; timeoutMs?: number }) =>
      AsyncIterable<Positioned<T>[]>,
    afterPosition: bigint | ((call: { signal: AbortSignal; timeoutMs?: number }) => Promise<bigint>),
    private readonly backoff: Backoff = defaultBackoff,
    options: SubscriptionOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : undefined;
    this.onCaughtUp = options.onCaughtUp;
    this.caughtUp = new Promise<bigint>((resolve, reject) => (this.settleCaughtUp = { resolve, reject }));
    this.caughtUp.catch(() => {});  // Unobserved, its rejection is no unhandled rejection.
    const signal = options.signal;
    if (signal?.aborted) this.abort.abort();
    else signal?.addEventListener("abort", () => this.abort.abort(), { once: true, signal: this.abort.signal });
    if (typeof afterPosition === "bigint") {
      this.position = afterPosition;
    } else {
      this.position = 0n;
      this.lookUpHead = afterPosition;
      this.head = afterPosition({ signal: this.abort.signal, timeoutMs: this.timeoutMs });
      this.head.catch(() => {});  // Rethrown by the iteration.
    }
  }

  /** Ends the subscription; iteration stops. */
  cancel(): void {
    this.abort.abort();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      yield* this.iterate();
    } catch (error) {
      this.settleCaughtUp.reject(error);
      throw error;
    } finally {
      this.settleCaughtUp.reject(new ConnectError("the subscription ended before it caught up", Code.Canceled));
    }
  }

  private async *iterate(): AsyncGenerator<T> {
    let delayMs = this.backoff.initialMs;
    const deadline = this.timeoutMs === undefined ? undefined : Date.now() + this.timeoutMs;
    while (!this.abort.signal.aborted) {
      const timeoutMs = deadline === undefined ? undefined : deadline - Date.now();
      if (timeoutMs !== undefined && timeoutMs <= 0) {
        throw new ConnectError("the subscription's timeoutMs passed", Code.DeadlineExceeded);
      }
      try {
        if (this.lookUpHead) {
          this.position = await (this.head ?? this.lookUpHead({ signal: this.abort.signal, timeoutMs }));
          this.lookUpHead = undefined;
        }
        for await (const response of this.open(this.position, { signal: this.abort.signal, timeoutMs })) {
          delayMs = this.backoff.initialMs;
          for (const [item, position, caughtUp] of response) {
            this.position = position;
            if (item !== undefined) yield item;
            else if (caughtUp && !this.isCaughtUp) this.reachCaughtUp(position);
          }
        }
      } catch (error) {
        this.head = undefined;
        if (this.abort.signal.aborted) return;
        const connectError = ConnectError.from(error);
        if (!resumable.has(connectError.code)) throw connectError;
        await sleep(delayMs, this.abort.signal);
        delayMs = Math.min(2 * delayMs, this.backoff.maxMs);
      }
    }
  }

  private reachCaughtUp(position: bigint): void {
    this.isCaughtUp = true;
    this.settleCaughtUp.resolve(position);
    this.onCaughtUp?.(position);
  }
}
