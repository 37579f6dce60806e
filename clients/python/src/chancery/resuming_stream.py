"""ResumingStream: a subscription that survives dropped connections and server restarts."""

from __future__ import annotations

import threading
from typing import Callable, Iterable, Iterator, Tuple, TypeVar

import grpc

from chancery.errors import ChanceryError

Item = TypeVar("Item")

# Codes on which a subscription is resumed: the server ended it (shutting down, or the client
# fell behind; both carry a SubscriptionEnded detail) or the connection is gone.
RESUMABLE_CODES = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED})


class Backoff:
    """Delays between resubscriptions: doubling from `initial` up to `maximum` seconds."""

    def __init__(self, initial: float = 0.05, maximum: float = 5.0):
        self.initial = initial
        self.maximum = maximum
        self._next = initial

    def reset(self) -> None:
        self._next = self.initial

    def next_delay(self) -> float:
        delay = self._next
        self._next = min(self._next * 2, self.maximum)
        return delay


class ResumingStream(Iterator[Item]):
    """Iterates a subscription's items, resubscribing from the last position received.

    `open_call(after_position)` starts the server stream; `unpack(response)` turns one
    response into `(item or None, position)` pairs (markers carry a position and no item).
    Items therefore arrive in position order, each once, across any number of resumptions.
    Errors other than UNAVAILABLE and RESOURCE_EXHAUSTED end the iteration as ChanceryError.
    """

    def __init__(self, open_call: Callable[[int], grpc.Call],
                 unpack: Callable[[object], Iterable[Tuple[Item | None, int]]],
                 after_position: int = 0, backoff: Backoff | None = None):
        self._open_call = open_call
        self._unpack = unpack
        self._backoff = backoff or Backoff()
        self._cancelled = threading.Event()
        self._call = None
        self.position = after_position  # Of the last item or marker received.
        self._items = self._run()

    def __next__(self) -> Item:
        return next(self._items)

    def cancel(self) -> None:
        """Ends the subscription; iteration stops."""
        self._cancelled.set()
        if self._call is not None:
            self._call.cancel()

    def _run(self) -> Iterator[Item]:
        while not self._cancelled.is_set():
            self._call = self._open_call(self.position)
            try:
                for response in self._call:
                    self._backoff.reset()
                    for item, position in self._unpack(response):
                        self.position = position
                        if item is not None:
                            yield item
            except grpc.RpcError as error:
                if self._cancelled.is_set():
                    return
                if error.code() not in RESUMABLE_CODES:
                    raise ChanceryError.from_rpc_error(error) from None
                self._cancelled.wait(self._backoff.next_delay())
