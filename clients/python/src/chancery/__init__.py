"""Python client of Chancery's gRPC API (chancery.v1).

`Client` (and `AsyncClient`, on `grpc.aio`) is the entry point; calls return `Result`s, with
enum fields as `ProtoEnum` names; the generated messages and stubs are in `chancery.v1`.
"""

from chancery._core import DEFAULT
from chancery.aio import AsyncClient
from chancery.client import Client
from chancery.errors import ChanceryError
from chancery.group_consumer import AsyncGroupConsumer, GroupConsumer
from chancery.results import (GroupSource, MeasureKind, ObservedRepresentation, ProtoEnum,
                              QuadClass, ReadDirection, RelationshipStatus, RepresentationLevel,
                              Result, Trend, enum_type)
from chancery.resuming_stream import AsyncResumingStream, Backoff, ResumingStream
from chancery.security import channel_credentials
from chancery.streams import AsyncStream, Stream

__all__ = ["DEFAULT", "AsyncClient", "AsyncGroupConsumer", "AsyncResumingStream", "AsyncStream",
           "Backoff", "ChanceryError", "Client", "GroupConsumer", "GroupSource", "MeasureKind",
           "ObservedRepresentation", "ProtoEnum", "QuadClass", "ReadDirection",
           "RelationshipStatus", "RepresentationLevel", "Result", "ResumingStream", "Stream",
           "Trend", "channel_credentials", "enum_type"]
