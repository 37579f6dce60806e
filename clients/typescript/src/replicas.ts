// Replicas: one gRPC transport over several chanceryd replicas, as the C++ client's service config
// (kReplicaServiceConfig in clients/cpp/client/client.cc) has gRPC do: calls go round robin, and a
// call of a chancery.v1 service that finds its replica UNAVAILABLE is tried again on another. Each
// is safe to try again: reads change nothing, and a retried record or retraction carries the same
// ids, which the server records once.
import type * as http2 from "node:http2";
import { setTimeout as sleep } from "node:timers/promises";
import type { DescMessage, DescMethodStreaming, DescMethodUnary, MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type ContextValues, type Interceptor, type StreamResponse, type Transport,
  type UnaryResponse } from "@connectrpc/connect";
import { Http2SessionManager, createGrpcTransport } from "@connectrpc/connect-node";

// gRPC's retryPolicy of kReplicaServiceConfig.
const maxAttempts = 3;
const initialBackoffMs = 100;
const maxBackoffMs = 1000;
const backoffMultiplier = 2;

interface Replica {
  sessions: Http2SessionManager;
  transport: Transport;
}

export class Replicas implements Transport {
  private readonly replicas: Replica[];
  private next = 0;
  private closed = false;

  /** `addresses` are "HOST:PORT"; `tls` switches to TLS, as in ClientOptions. */
  constructor(addresses: string[], tls: http2.SecureClientSessionOptions | undefined, interceptors: Interceptor[]) {
    this.replicas = addresses.map((address) => {
      const baseUrl = `${tls ? "https" : "http"}://${address}`;
      const sessions = new Http2SessionManager(baseUrl, undefined, tls);
      return { sessions, transport: createGrpcTransport({ baseUrl, sessionManager: sessions, interceptors }) };
    });
  }

  /** Closes every connection; calls in flight end CANCELED. */
  close(): void {
    this.closed = true;
    for (const replica of this.replicas) replica.sessions.abort();
  }

  async unary<I extends DescMessage, O extends DescMessage>(method: DescMethodUnary<I, O>,
    signal: AbortSignal | undefined, timeoutMs: number | undefined, header: HeadersInit | undefined,
    input: MessageInitShape<I>, contextValues?: ContextValues): Promise<UnaryResponse<I, O>> {
    // The timeout bounds the call with all its attempts, as a gRPC deadline does.
    const deadline = timeoutMs !== undefined && timeoutMs > 0 ? Date.now() + timeoutMs : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const remainingMs = deadline === undefined ? timeoutMs : Math.max(1, deadline - Date.now());
        return await this.pick().unary(method, signal, remainingMs, header, input, contextValues);
      } catch (reason) {
        const error = this.asGrpcError(reason, signal);
        if (error.code !== Code.Unavailable || attempt === maxAttempts ||
            !method.parent.typeName.startsWith("chancery.v1.")) throw error;
        const backoffMs = Math.min(initialBackoffMs * backoffMultiplier ** (attempt - 1), maxBackoffMs);
        await sleep(Math.random() * backoffMs, undefined, { signal }).catch((aborted) => {
          throw ConnectError.from(aborted);
        });
      }
    }
  }

  /**
   * Streams are not retried (their requests are consumed once): a subscription that ends
   * UNAVAILABLE resumes on its own (ResumingStream), on whichever replica the next pick gives.
   */
  async stream<I extends DescMessage, O extends DescMessage>(method: DescMethodStreaming<I, O>,
    signal: AbortSignal | undefined, timeoutMs: number | undefined, header: HeadersInit | undefined,
    input: AsyncIterable<MessageInitShape<I>>, contextValues?: ContextValues): Promise<StreamResponse<I, O>> {
    try {
      const response = await this.pick().stream(method, signal, timeoutMs, header, input, contextValues);
      return { ...response, message: this.rethrownAsGrpc(response.message, signal) };
    } catch (reason) {
      throw this.asGrpcError(reason, signal);
    }
  }

  /**
   * The next replica in turn whose connection is not failing or being made (gRPC's round_robin
   * picks only connected ones), else the next in turn. A failed connection is made again in the
   * background, so that its replica rejoins once it is back.
   */
  private pick(): Transport {
    for (let i = 0; i < this.replicas.length; i++) {
      const { sessions, transport } = this.replicas[this.next++ % this.replicas.length];
      const state = sessions.state();
      if (state === "error") void sessions.connect();
      else if (state !== "connecting") return transport;
    }
    return this.replicas[this.next++ % this.replicas.length].transport;
  }

  private async *rethrownAsGrpc<T>(messages: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncIterable<T> {
    try {
      yield* messages;
    } catch (reason) {
      throw this.asGrpcError(reason, signal);
    }
  }

  /**
   * connect-node reports a connection lost mid-call as ABORTED (ECONNRESET), CANCELED (the
   * HTTP/2 stream closed with its session) or INTERNAL (the session closed with an HTTP/2 error,
   * as a stopping server's may) where gRPC says UNAVAILABLE, the code that retries and
   * ResumingStream act on; such an error becomes UNAVAILABLE unless the caller or close() cancelled.
   */
  private asGrpcError(reason: unknown, signal: AbortSignal | undefined): ConnectError {
    const error = ConnectError.from(reason);
    const cause = error.cause as NodeJS.ErrnoException | undefined;
    const reset = error.code === Code.Aborted && cause?.code === "ECONNRESET";
    const dropped = error.code === Code.Canceled && !signal?.aborted && !this.closed;
    const sessionLost = error.code === Code.Internal && cause?.code === "ERR_HTTP2_SESSION_ERROR";
    return reset || dropped || sessionLost
      ? new ConnectError(error.rawMessage, Code.Unavailable, error.metadata, undefined, error)
      : error;
  }
}
