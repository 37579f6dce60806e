"""Stream and AsyncStream: a finite server stream (an export, a replay) as an iterator that
raises ChanceryError and cancels on leaving a `with` block."""

from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator, Callable, Generic, Iterator, TypeVar

import grpc

from chancery.errors import ChanceryError

Item = TypeVar("Item")


class _CallStream(Generic[Item]):
    def __init__(self, call: Any, convert: Callable[[Any], Item]):
        self._call = call
        self._convert = convert

    def cancel(self) -> None:
        """Ends the call; iteration stops."""
        self._call.cancel()


class Stream(_CallStream[Item], Iterator[Item]):
    """The responses of one server-streaming call, in order; ChanceryError on failure."""

    def __init__(self, call: Any, convert: Callable[[Any], Item]):
        super().__init__(call, convert)
        self._cancelled = False

    def __iter__(self) -> "Stream[Item]":
        return self

    def __next__(self) -> Item:
        try:
            return self._convert(next(self._call))
        except grpc.RpcError as error:
            if self._cancelled:
                raise StopIteration from None
            raise ChanceryError.from_rpc_error(error) from None

    def cancel(self) -> None:
        self._cancelled = True
        super().cancel()

    def __enter__(self) -> "Stream[Item]":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.cancel()


class AsyncStream(_CallStream[Item], AsyncIterator[Item]):
    """Stream for asyncio: `async for`, and `async with` (or `with`) cancels on exit."""

    def __init__(self, call: Any, convert: Callable[[Any], Item]):
        super().__init__(call, convert)
        self._responses = call.__aiter__()

    def __aiter__(self) -> "AsyncStream[Item]":
        return self

    async def __anext__(self) -> Item:
        try:
            return self._convert(await self._responses.__anext__())
        except asyncio.CancelledError:
            if self._call.cancelled():  # cancel() during the iteration.
                raise StopAsyncIteration from None
            raise
        except grpc.RpcError as error:
            if self._call.cancelled():
                raise StopAsyncIteration from None
            raise ChanceryError.from_rpc_error(error) from None

    async def __aenter__(self) -> "AsyncStream[Item]":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.cancel()
