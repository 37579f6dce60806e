// GroupConsumer: a consumer of a subscription group, which joins again after a server restart.
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { type Backoff, defaultBackoff, sleep } from "./backoff.js";
import type { GroupDelivery } from "./gen/chancery/v1/subscription_group_pb.js";
import type { ConsumeGroupRequestSchema, ConsumeGroupResponse, GroupHeartbeat, GroupJoined, JoinGroup,
  RefusedAcknowledgements } from "./gen/chancery/v1/subscription_group_service_pb.js";
import { RequestStream } from "./request-stream.js";

type Request = MessageInitShape<typeof ConsumeGroupRequestSchema>;

/** Options of a group consumer: connect's signal and timeout, and the refusal callback. */
export interface GroupConsumerOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * Called with each `refused` message: acknowledgements the server could not take (of events
   * this consumer does not hold), with the reason. The consumer goes on.
   */
  onRefused?: (refused: RefusedAcknowledgements) => void;
}

/**
 * Iterates the deliveries of a subscription group to this consumer, joining as the iteration
 * starts and joining again (after a pause of the back-off) whenever the call ends with
 * UNAVAILABLE. Other errors end the iteration with a ConnectError. Iterate it once; the consumer
 * leaves the group when the iteration ends (a `break` included), on close() or on its signal.
 */
export class GroupConsumer implements AsyncIterable<GroupDelivery> {
  /** The server's answer to the last join: the consumer's name and the group's checkpoint then. */
  joined: GroupJoined | undefined;
  /** The last heartbeat read: the group's checkpoint and the head of the log. */
  heartbeat: GroupHeartbeat | undefined;
  private readonly abort = new AbortController();
  private readonly timeoutMs: number | undefined;
  private readonly onRefused: ((refused: RefusedAcknowledgements) => void) | undefined;
  private requests: RequestStream<Request> | undefined;  // The current call's.

  /**
   * `open` makes a ConsumeGroup call with the requests and the signal and time left of
   * `timeoutMs`, which bounds the whole consumer from the start of the iteration.
   */
  constructor(
    private readonly open: (requests: AsyncIterable<Request>, call: { signal: AbortSignal; timeoutMs?: number }) =>
      AsyncIterable<ConsumeGroupResponse>,
    private readonly join: JoinGroup,
    private readonly backoff: Backoff = defaultBackoff,
    options: GroupConsumerOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : undefined;
    this.onRefused = options.onRefused;
    const signal = options.signal;
    if (signal?.aborted) this.abort.abort();
    else signal?.addEventListener("abort", () => this.abort.abort(), { once: true, signal: this.abort.signal });
  }

  /**
   * Acknowledges events by position: they are done. Sent on the current call; dropped between
   * calls, while the consumer joins again (the server has taken back what it held).
   */
  ack(...positions: bigint[]): void {
    if (positions.length > 0) this.requests?.push({ content: { case: "ack", value: { positions } } });
  }

  /** Reports events that failed: the server delivers each again after a pause, or parks it. */
  nack(positions: bigint[], reason = ""): void {
    if (positions.length > 0) this.requests?.push({ content: { case: "nack", value: { positions, reason } } });
  }

  /** Leaves the group, once the acknowledgements already given are sent; iteration stops. */
  close(): void {
    this.abort.abort();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<GroupDelivery> {
    try {
      yield* this.iterate();
    } finally {
      this.close();
    }
  }

  private async *iterate(): AsyncGenerator<GroupDelivery> {
    let delayMs = this.backoff.initialMs;
    const deadline = this.timeoutMs === undefined ? undefined : Date.now() + this.timeoutMs;
    while (!this.abort.signal.aborted) {
      const timeoutMs = deadline === undefined ? undefined : deadline - Date.now();
      if (timeoutMs !== undefined && timeoutMs <= 0) {
        throw new ConnectError("the consumer's timeoutMs passed", Code.DeadlineExceeded);
      }
      const requests = new RequestStream<Request>({ content: { case: "join", value: this.join } });
      this.requests = requests;
      this.abort.signal.addEventListener("abort", () => requests.end(), { once: true, signal: requests.signal });
      try {
        for await (const response of this.open(requests, { signal: requests.signal, timeoutMs })) {
          const content = response.content;
          if (content.case === "deliveries") {
            yield* content.value.deliveries;
          } else if (content.case === "joined") {
            this.joined = content.value;
            delayMs = this.backoff.initialMs;
          } else if (content.case === "heartbeat") {
            this.heartbeat = content.value;
          } else if (content.case === "refused") {
            this.onRefused?.(content.value);
          }
        }
      } catch (error) {
        if (this.abort.signal.aborted) return;
        const connectError = ConnectError.from(error);
        if (connectError.code !== Code.Unavailable) throw connectError;
      } finally {
        this.requests = undefined;
        requests.end();
      }
      await sleep(delayMs, this.abort.signal);
      delayMs = Math.min(2 * delayMs, this.backoff.maxMs);
    }
  }
}
