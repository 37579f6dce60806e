// readAhead: keeps reading a response stream while its consumer is busy.
//
// gRPC's own clients (Python, Go, Java) keep receiving a stream's messages into a buffer
// while the application is not asking for them; connect-node stops reading an HTTP/2 stream
// whose iterator is not pulled. chanceryd (at this version) stalls new subscriptions while
// one subscriber leaves a message unread, so subscriptions read ahead like gRPC's clients.

/** Yields what `source` yields, reading up to `limit` elements ahead of the consumer. */
export async function* readAhead<T>(source: AsyncIterable<T>, limit: number): AsyncGenerator<T> {
  const queue: T[] = [];
  let finished = false;
  let failed = false;
  let failure: unknown;
  let wakeConsumer: (() => void) | undefined;
  let wakeReader: (() => void) | undefined;
  const wait = (set: (wake: () => void) => void) => new Promise<void>((resolve) => set(resolve));

  void (async () => {
    try {
      for await (const element of source) {
        queue.push(element);
        wakeConsumer?.();
        if (queue.length >= limit) await wait((wake) => (wakeReader = wake));
      }
    } catch (error) {
      failed = true;
      failure = error;
    } finally {
      finished = true;
      wakeConsumer?.();
    }
  })();

  for (;;) {
    if (queue.length > 0) {
      const element = queue.shift()!;
      wakeReader?.();
      wakeReader = undefined;
      yield element;
    } else if (finished) {
      if (failed) throw failure;
      return;
    } else {
      await wait((wake) => (wakeConsumer = wake));
      wakeConsumer = undefined;
    }
  }
}
