// bearerToken: the interceptor that sends a token with every call, and where it may go.
import { isIP } from "node:net";
import type { Interceptor } from "@connectrpc/connect";

/** Sets "authorization: Bearer <token>" on every call, unary or streaming. */
export function bearerToken(token: string): Interceptor {
  return (next) => (request) => {
    request.header.set("authorization", `Bearer ${token}`);
    return next(request);
  };
}

/**
 * Throws unless a token may go without TLS to `address` (`host:port`): only to a loopback
 * address, the one place chanceryd accepts tokens without TLS (as gRPC's local credentials do
 * in the other clients), so that a token is never sent in the clear across a network.
 */
export function checkPlaintextTokenTarget(address: string): void {
  const host = address.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  const loopback = host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
  if (!loopback) throw new Error(`a token without TLS goes to a loopback address only, not ${address}`);
}
