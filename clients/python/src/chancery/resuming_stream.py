"""ResumingStream and AsyncResumingStream: subscriptions that survive dropped connections and
server restarts."""

from __future__ import annotations

import asyncio
import threading
from typing import (Any, AsyncIterator, Callable, Generic, Iterable, Iterator, Optional, Tuple,
                    TypeVar)

import grpc

from chancery.errors import ChanceryError

Item = TypeVar("Item")

# Codes on which a subscription is resumed: the server ended it (shutting down, or the client
# fell behind; both carry a SubscriptionEnded detail) or the connection is gone.
RESUMABLE_CODES = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED})

Unpack = Callable[[Any], Iterable[Tuple[Optional[Item], int]]]


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


class _Resuming(Generic[Item]):
    """The bookkeeping both streams share: the last position, the backoff, and what to do
    with a response or an error."""

    def __init__(self, unpack: Unpack[Item], after_position: int, backoff: Backoff | None):
        self._unpack = unpack
        self._backoff = backoff or Backoff()
        self._call: Any = None
        self.position = after_position  # Of the last item or marker received.

    def _items_of(self, response: Any) -> Iterator[Item]:
        self._backoff.reset()
        for item, position in self._unpack(response):
            self.position = position
            if item is not None:
                yield item

    def _delay_after(self, error: grpc.RpcError) -> float:
        """The wait before resubscribing after `error`; ChanceryError when it is final."""
        if error.code() not in RESUMABLE_CODES:
            raise ChanceryError.from_rpc_error(error) from None
        return self._backoff.next_delay()


class ResumingStream(_Resuming[Item], Iterator[Item]):
    """Iterates a subscription's items, resubscribing from the last position received.

    `open_call(after_position)` starts the server stream; `unpack(response)` turns one
    response into `(item or None, position)` pairs (markers carry a position and no item).
    Items therefore arrive in position order, each once, across any number of resumptions.
    Errors other than UNAVAILABLE and RESOURCE_EXHAUSTED end the iteration as ChanceryError.
    As a context manager it is cancelled on exit.
    """

    def __init__(self, open_call: Callable[[int], Any], unpack: Unpack[Item],
                 after_position: int = 0, backoff: Backoff | None = None):
        super().__init__(unpack, after_position, backoff)
        self._open_call = open_call
        self._cancelled = threading.Event()
        self._items = self._run()

    def __next__(self) -> Item:
        return next(self._items)

    def __iter__(self) -> "ResumingStream[Item]":
        return self

    def __enter__(self) -> "ResumingStream[Item]":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.cancel()

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
                    yield from self._items_of(response)
            except grpc.RpcError as error:
                if self._cancelled.is_set():
                    return
                self._cancelled.wait(self._delay_after(error))


class AsyncResumingStream(_Resuming[Item], AsyncIterator[Item]):
    """ResumingStream for asyncio: `async for item in stream`, `async with` cancels on exit.

    `open_call(after_position)` returns a `grpc.aio` server-streaming call."""

    def __init__(self, open_call: Callable[[int], Any], unpack: Unpack[Item],
                 after_position: int = 0, backoff: Backoff | None = None):
        super().__init__(unpack, after_position, backoff)
        self._open_call = open_call
        self._cancelled = False
        self._wake: asyncio.Event | None = None
        self._items = self._run()

    def __aiter__(self) -> "AsyncResumingStream[Item]":
        return self

    async def __anext__(self) -> Item:
        return await self._items.__anext__()

    async def __aenter__(self) -> "AsyncResumingStream[Item]":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def cancel(self) -> None:
        """Ends the subscription; iteration stops."""
        self._cancelled = True
        if self._call is not None:
            self._call.cancel()
        if self._wake is not None:
            self._wake.set()

    async def aclose(self) -> None:
        """Cancels, and finishes the iteration."""
        self.cancel()
        await self._items.aclose()

    async def _run(self) -> AsyncIterator[Item]:
        self._wake = asyncio.Event()
        while not self._cancelled:
            self._call = self._open_call(self.position)
            try:
                async for response in self._call:
                    for item in self._items_of(response):
                        yield item
            except asyncio.CancelledError:
                if self._cancelled:
                    return
                raise
            except grpc.RpcError as error:
                if self._cancelled:
                    return
                delay = self._delay_after(error)
                try:
                    await asyncio.wait_for(self._wake.wait(), delay)
                except asyncio.TimeoutError:
                    pass
            else:
                if self._cancelled:
                    return
