"""ResumingStream and AsyncResumingStream: subscriptions that survive dropped connections and
server restarts."""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from typing import (Any, AsyncIterator, Awaitable, Callable, Generic, Iterable, Iterator, Optional, Tuple,
                    TypeVar)

import grpc

from chancery.errors import ChanceryError

Item = TypeVar("Item")

# Codes on which a subscription is resumed: the server ended it (shutting down, or the client
# fell behind; both carry a SubscriptionEnded detail) or the connection is gone.
RESUMABLE_CODES = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED})

# What the inner generators yield right after the first CaughtUp marker; never an item.
_CAUGHT_UP: Any = object()

Unpack = Callable[[Any], Iterable[Tuple[Optional[Item], int]]]


def caught_up_marker(response: Any) -> Optional[int]:
    """The position of `response`'s `CaughtUp` marker, or None when it carries none (the
    responses of SubscribeLog and WatchRelationships hold it in their `content` oneof)."""
    try:
        content = response.WhichOneof("content")
    except (AttributeError, ValueError):
        return None
    return response.caught_up.position if content == "caught_up" else None


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

    def __init__(self, unpack: Unpack[Item], after_position: int, backoff: Backoff | None,
                 caught_up: Callable[[Any], Optional[int]] | None,
                 on_caught_up: Callable[[int], Any] | None):
        self._unpack = unpack
        self._backoff = backoff or Backoff()
        self._call: Any = None
        self.position = after_position  # Of the last item or marker received.
        self._marker = caught_up or caught_up_marker
        self._on_caught_up = on_caught_up
        self._caught_up_position: Optional[int] = None

    @property
    def caught_up(self) -> bool:
        """Whether the subscription has caught up: its first `CaughtUp` marker was received
        (everything up to the head as it was then is delivered, or read ahead by
        `wait_caught_up`)."""
        return self._caught_up_position is not None

    @property
    def caught_up_position(self) -> Optional[int]:
        """The position of the first `CaughtUp` marker (the head of the log when the catch-up
        ended), or None before it."""
        return self._caught_up_position

    def _note_caught_up(self, position: int) -> None:
        """Called once, for the first CaughtUp marker; later ones (after resumptions) are
        not reported."""
        self._caught_up_position = position
        self._settle()
        if self._on_caught_up is not None:
            self._on_caught_up(position)

    def _settle(self) -> None:
        """Wakes `wait_caught_up`: caught up, or the subscription ended."""
        raise NotImplementedError

    def _not_caught_up(self) -> ChanceryError:
        """What `wait_caught_up` raises when the subscription ended before catching up."""
        if isinstance(self._ended, ChanceryError):
            return self._ended
        return ChanceryError(grpc.StatusCode.CANCELLED,
                             "the subscription ended before it caught up")

    _ended: Optional[BaseException]

    def _items_of(self, response: Any) -> Iterator[Item]:
        self._backoff.reset()
        for item, position in self._unpack(response):
            self.position = position
            if item is not None:
                yield item
        if self._caught_up_position is None:
            marker = self._marker(response)
            if marker is not None:
                self._note_caught_up(marker)
                yield _CAUGHT_UP  # type: ignore[misc]  # Lets a read-ahead stop here.

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

    `start()`, when given, is called at once and its result replaces `after_position` (a
    subscription from now: the head of the log). `caught_up(response)` gives the position of
    a response's CaughtUp marker or None (by default, the `caught_up` field of the
    `content` oneof); the first one is reported by `caught_up`, `caught_up_position`,
    `wait_caught_up()` and `on_caught_up(position)`, called in the thread reading the stream.
    """

    def __init__(self, open_call: Callable[[int], Any], unpack: Unpack[Item],
                 after_position: int = 0, backoff: Backoff | None = None, *,
                 start: Callable[[], int] | None = None,
                 caught_up: Callable[[Any], Optional[int]] | None = None,
                 on_caught_up: Callable[[int], Any] | None = None):
        if start is not None:
            after_position = start()
        super().__init__(unpack, after_position, backoff, caught_up, on_caught_up)
        self._open_call = open_call
        self._cancelled = threading.Event()
        self._items = self._run()
        # Whoever reads from `_items` (the iteration, or wait_caught_up's read-ahead) holds
        # `_reading`; items read ahead wait in `_buffer`, and what ended the read-ahead (an
        # error, or the end of the iteration) in `_ended`, for the iteration to take.
        self._reading = threading.Lock()
        self._buffer: deque[Item] = deque()
        self._ended = None
        self._settled = threading.Event()
        self._reader: threading.Thread | None = None
        self._reader_started = threading.Lock()

    def __next__(self) -> Item:
        with self._reading:
            if self._buffer:
                return self._buffer.popleft()
            if self._ended is not None:
                ended, self._ended = self._ended, None
                raise ended
            while True:
                item = next(self._items)
                if item is not _CAUGHT_UP:
                    return item

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

    def wait_caught_up(self, timeout: float | None = None) -> int:
        """Waits until the subscription has caught up, and returns `caught_up_position`.

        Items are not consumed: when the iteration is not reading, a thread reads ahead up
        to the first CaughtUp marker and keeps the items for the iteration. Raises
        `TimeoutError` after `timeout` seconds (None: no limit), and `ChanceryError` when the
        subscription failed or was cancelled before catching up."""
        if self._caught_up_position is None:
            with self._reader_started:
                if self._reader is None:
                    self._reader = threading.Thread(target=self._read_ahead, daemon=True,
                                                    name="chancery-read-ahead")
                    self._reader.start()
            if not self._settled.wait(timeout):
                raise TimeoutError(f"the subscription did not catch up within {timeout} s")
        if self._caught_up_position is None:
            raise self._not_caught_up()
        return self._caught_up_position

    def _settle(self) -> None:
        self._settled.set()

    def _read_ahead(self) -> None:
        with self._reading:
            try:
                while self._caught_up_position is None and self._ended is None:
                    item = next(self._items)
                    if item is not _CAUGHT_UP:
                        self._buffer.append(item)
            except BaseException as error:  # StopIteration too: the iteration takes it.
                self._ended = error
            finally:
                self._settled.set()

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

    `open_call(after_position)` returns a `grpc.aio` server-streaming call. `start()`, when
    given, is awaited once, on entering `async with` (or else on first reading), and its
    result replaces `after_position`. `await wait_caught_up()` waits for the first CaughtUp
    marker, reading ahead in a task of its own when the iteration is not reading."""

    def __init__(self, open_call: Callable[[int], Any], unpack: Unpack[Item],
                 after_position: int = 0, backoff: Backoff | None = None, *,
                 start: Callable[[], Awaitable[int]] | None = None,
                 caught_up: Callable[[Any], Optional[int]] | None = None,
                 on_caught_up: Callable[[int], Any] | None = None):
        super().__init__(unpack, after_position, backoff, caught_up, on_caught_up)
        self._open_call = open_call
        self._start = start
        self._cancelled = False
        self._wake: asyncio.Event | None = None
        self._items = self._run()
        self._reading = asyncio.Lock()
        self._buffer: deque[Item] = deque()
        self._ended = None
        self._settled = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None

    def __aiter__(self) -> "AsyncResumingStream[Item]":
        return self

    async def __anext__(self) -> Item:
        async with self._reading:
            if self._buffer:
                return self._buffer.popleft()
            if self._ended is not None:
                ended, self._ended = self._ended, None
                raise ended
            while True:
                item = await self._items.__anext__()
                if item is not _CAUGHT_UP:
                    return item

    async def __aenter__(self) -> "AsyncResumingStream[Item]":
        await self._started()
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
        if self._reader is not None:
            await self._reader
        await self._items.aclose()

    async def wait_caught_up(self) -> int:
        """Waits until the subscription has caught up, and returns `caught_up_position`.

        Items are not consumed (a read-ahead keeps them for the iteration). Raises
        `ChanceryError` when the subscription failed or was cancelled before catching up;
        `asyncio.wait_for(stream.wait_caught_up(), seconds)` bounds the wait."""
        if self._caught_up_position is None:
            if self._reader is None:
                self._reader = asyncio.ensure_future(self._read_ahead())
            await self._settled.wait()
        if self._caught_up_position is None:
            raise self._not_caught_up()
        return self._caught_up_position

    def _settle(self) -> None:
        self._settled.set()

    async def _read_ahead(self) -> None:
        async with self._reading:
            try:
                while self._caught_up_position is None and self._ended is None:
                    item = await self._items.__anext__()
                    if item is not _CAUGHT_UP:
                        self._buffer.append(item)
            except BaseException as error:  # StopAsyncIteration too: the iteration takes it.
                self._ended = error
            finally:
                self._settled.set()

    async def _started(self) -> None:
        if self._start is not None:
            start, self._start = self._start, None
            self.position = await start()

    async def _run(self) -> AsyncIterator[Item]:
        self._wake = asyncio.Event()
        await self._started()
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
