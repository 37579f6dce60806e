"""GroupConsumer and AsyncGroupConsumer: a consumer of a subscription group (ConsumeGroup) that
joins again by itself when the server restarts."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from typing import Any, AsyncIterator, Callable, Iterator, Optional

import grpc

from chancery.errors import ChanceryError
from chancery.results import Result
from chancery.resuming_stream import Backoff
from chancery.v1 import (subscription_group_pb2 as group_pb,
                         subscription_group_service_pb2 as groups_pb)

Delivery = Result[group_pb.GroupDelivery]
OnRefused = Callable[[Result[groups_pb.RefusedAcknowledgements]], object]

# How long leaving the group waits for the acknowledgements already made to be sent.
_FLUSH_SECONDS = 5.0

_log = logging.getLogger("chancery")


def _log_refused(refused: Result[groups_pb.RefusedAcknowledgements]) -> None:
    _log.warning("acknowledgements of %s refused: %s", list(refused.positions), refused.reason)


class _Consuming:
    """What both consumers share: the join, acknowledgements, the backoff, and what to do with
    a response or an error."""

    def __init__(self, join: groups_pb.JoinGroup, backoff: Backoff | None,
                 on_refused: OnRefused | None):
        self._join = join
        self._backoff = backoff or Backoff()
        self._on_refused = on_refused or _log_refused
        self._outbox: Any = None  # The current call's.
        self.consumer_name: Optional[str] = None
        self.checkpoint: Optional[int] = None
        self.head_position: Optional[int] = None

    def ack(self, *positions: int) -> None:
        """Acknowledges the deliveries at these positions: they are done."""
        if positions:
            self._send(groups_pb.ConsumeGroupRequest(ack={"positions": positions}))

    def nack(self, *positions: int, reason: str = "") -> None:
        """Negatively acknowledges them: each is redelivered after a back-off, or parked after
        the group's `max_attempts` (with `reason`)."""
        if positions:
            self._send(groups_pb.ConsumeGroupRequest(nack={"positions": positions,
                                                           "reason": reason}))

    def _send(self, request: groups_pb.ConsumeGroupRequest) -> None:
        # Until a call has joined, nothing it delivered can be acknowledged: what the consumer
        # held on an earlier call is redelivered, so the server would refuse it.
        outbox = self._outbox
        if outbox is not None and outbox.joined:
            outbox.put(request)

    def _deliveries_of(self, response: groups_pb.ConsumeGroupResponse) -> list[Delivery]:
        content = response.WhichOneof("content")
        if content == "deliveries":
            return [Result(delivery) for delivery in response.deliveries.deliveries]
        if content == "joined":
            self._outbox.joined = True
            self._backoff.reset()
            self.consumer_name = response.joined.consumer_name
            self.checkpoint = response.joined.checkpoint
        elif content == "heartbeat":
            self.checkpoint = response.heartbeat.checkpoint
            self.head_position = response.heartbeat.head_position
        elif content == "refused":
            self._on_refused(Result(response.refused))
        return []

    def _delay_after(self, error: grpc.RpcError) -> float:
        """The wait before joining again after `error`; ChanceryError when it is final."""
        if error.code() != grpc.StatusCode.UNAVAILABLE:
            raise ChanceryError.from_rpc_error(error) from None
        return self._backoff.next_delay()


class _Outbox:
    """The requests of one ConsumeGroup call: the join, then what `put` adds, until `close`.

    gRPC reads the next request only once the previous one is written, so `finished` is set
    when everything put before `close` is written, or when the call ended."""

    def __init__(self, join: groups_pb.JoinGroup):
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._queue.put(groups_pb.ConsumeGroupRequest(join=join))
        self.joined = False  # Whether the server has answered the join.
        self.finished = threading.Event()

    def put(self, request: groups_pb.ConsumeGroupRequest) -> None:
        self._queue.put(request)

    def close(self) -> None:
        self._queue.put(None)

    def flush(self) -> None:
        """Closes, and waits (up to _FLUSH_SECONDS) until what was put is written. Before the
        join is answered nothing else was put, and the join may wait for the server."""
        self.close()
        if self.joined:
            self.finished.wait(_FLUSH_SECONDS)

    def call_ended(self, _call: Any) -> None:
        self.close()  # Ends gRPC's wait for a next request.
        self.finished.set()

    def requests(self) -> Iterator[groups_pb.ConsumeGroupRequest]:
        while (request := self._queue.get()) is not None:
            yield request
        self.finished.set()


class GroupConsumer(_Consuming, Iterator[Delivery]):
    """A consumer of a subscription group: iterate it for `GroupDelivery` results (`position`,
    `attempt`, and the `record` or the `change`), and `ack` or `nack` each by position.

    It joins when first read. On UNAVAILABLE (the server shutting down, a lost connection) it
    joins again, after the `Backoff`, with the same join; the server then redelivers what it
    held unacknowledged. Other errors (NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION,
    PERMISSION_DENIED, ...) end the iteration as ChanceryError.

    `open_call(requests)` starts a ConsumeGroup call on an iterator of requests. What the
    stream says besides deliveries is kept, as the iteration reads it: `consumer_name` (the
    server's, when the join gives none), `checkpoint` (at the join, then at each heartbeat)
    and `head_position` (at each heartbeat), None before. A `refused` message (an
    acknowledgement of an event this consumer does not hold) calls `on_refused(refused)`, in
    the thread reading; without one it is logged as a warning on the "chancery" logger.

    `ack` and `nack` may be called from any thread; they queue the message and return.
    `close()`, or leaving the `with` block, leaves the group.
    """

    def __init__(self, open_call: Callable[[Iterator[Any]], Any], join: groups_pb.JoinGroup,
                 backoff: Backoff | None = None, on_refused: OnRefused | None = None):
        super().__init__(join, backoff, on_refused)
        self._open_call = open_call
        self._call: Any = None
        self._closed = threading.Event()
        self._items = self._run()

    def __next__(self) -> Delivery:
        return next(self._items)

    def __iter__(self) -> "GroupConsumer":
        return self

    def __enter__(self) -> "GroupConsumer":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Leaves the group, once the acknowledgements already made are sent (waiting up to
        5 s); iteration stops. What the consumer still holds goes to the group's others."""
        self._closed.set()
        outbox, call = self._outbox, self._call
        if call is not None:
            outbox.flush()
            call.cancel()

    def _run(self) -> Iterator[Delivery]:
        while not self._closed.is_set():
            outbox = self._outbox = _Outbox(self._join)
            call = self._call = self._open_call(outbox.requests())
            call.add_done_callback(outbox.call_ended)
            try:
                if self._closed.is_set():  # close() came while the call was being opened.
                    return
                for response in call:
                    for delivery in self._deliveries_of(response):
                        if self._closed.is_set():
                            return
                        yield delivery
            except grpc.RpcError as error:
                if self._closed.is_set():
                    return
                self._closed.wait(self._delay_after(error))
            finally:
                call.cancel()


class _AsyncOutbox:
    """_Outbox for grpc.aio: `requests()` is an async iterator, `finished` an asyncio.Event."""

    def __init__(self, join: groups_pb.JoinGroup):
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._queue.put_nowait(groups_pb.ConsumeGroupRequest(join=join))
        self.joined = False
        self.finished = asyncio.Event()

    def put(self, request: groups_pb.ConsumeGroupRequest) -> None:
        self._queue.put_nowait(request)

    def close(self) -> None:
        self._queue.put_nowait(None)

    async def flush(self) -> None:
        self.close()
        if self.joined:
            try:
                await asyncio.wait_for(self.finished.wait(), _FLUSH_SECONDS)
            except asyncio.TimeoutError:
                pass

    def call_ended(self, _call: Any) -> None:
        self.close()
        self.finished.set()

    async def requests(self) -> AsyncIterator[groups_pb.ConsumeGroupRequest]:
        while (request := await self._queue.get()) is not None:
            yield request
        self.finished.set()


class AsyncGroupConsumer(_Consuming, AsyncIterator[Delivery]):
    """GroupConsumer for asyncio: `async for delivery in consumer`, and `async with` (or
    `await aclose()`) leaves the group. `ack` and `nack` are plain methods, called in the
    event loop's thread; they queue the message and return. `open_call(requests)` starts a
    `grpc.aio` ConsumeGroup call on an async iterator of requests."""

    def __init__(self, open_call: Callable[[AsyncIterator[Any]], Any],
                 join: groups_pb.JoinGroup, backoff: Backoff | None = None,
                 on_refused: OnRefused | None = None):
        super().__init__(join, backoff, on_refused)
        self._open_call = open_call
        self._call: Any = None
        self._closed = False
        self._wake: asyncio.Event | None = None
        self._items = self._run()

    def __aiter__(self) -> "AsyncGroupConsumer":
        return self

    async def __anext__(self) -> Delivery:
        return await self._items.__anext__()

    async def __aenter__(self) -> "AsyncGroupConsumer":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Leaves the group, once the acknowledgements already made are sent (waiting up to
        5 s), and finishes the iteration."""
        self._closed = True
        if self._wake is not None:
            self._wake.set()
        outbox, call = self._outbox, self._call
        if call is not None:
            await outbox.flush()
            call.cancel()
        if not self._items.ag_running:  # Else the task iterating sees the cancellation.
            await self._items.aclose()

    async def _run(self) -> AsyncIterator[Delivery]:
        self._wake = asyncio.Event()
        while not self._closed:
            outbox = self._outbox = _AsyncOutbox(self._join)
            call = self._call = self._open_call(outbox.requests())
            call.add_done_callback(outbox.call_ended)
            try:
                async for response in call:
                    for delivery in self._deliveries_of(response):
                        if self._closed:
                            return
                        yield delivery
            except asyncio.CancelledError:
                if self._closed:
                    return
                raise
            except grpc.RpcError as error:
                if self._closed:
                    return
                delay = self._delay_after(error)
                try:
                    await asyncio.wait_for(self._wake.wait(), delay)
                except asyncio.TimeoutError:
                    pass
            finally:
                call.cancel()
