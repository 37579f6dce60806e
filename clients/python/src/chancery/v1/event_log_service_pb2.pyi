from chancery.v1 import log_filter_pb2 as _log_filter_pb2
from chancery.v1 import log_record_pb2 as _log_record_pb2
from chancery.v1 import subscription_pb2 as _subscription_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReadDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    READ_DIRECTION_UNSPECIFIED: _ClassVar[ReadDirection]
    READ_DIRECTION_FORWARD: _ClassVar[ReadDirection]
    READ_DIRECTION_BACKWARD: _ClassVar[ReadDirection]
READ_DIRECTION_UNSPECIFIED: ReadDirection
READ_DIRECTION_FORWARD: ReadDirection
READ_DIRECTION_BACKWARD: ReadDirection

class ReadLogRequest(_message.Message):
    __slots__ = ("start_position", "filter", "page_size", "page_token")
    START_POSITION_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    start_position: int
    filter: _log_filter_pb2.LogFilter
    page_size: int
    page_token: str
    def __init__(self, start_position: _Optional[int] = ..., filter: _Optional[_Union[_log_filter_pb2.LogFilter, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ReadLogResponse(_message.Message):
    __slots__ = ("records", "next_page_token", "head_position")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    HEAD_POSITION_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[_log_record_pb2.LogRecord]
    next_page_token: str
    head_position: int
    def __init__(self, records: _Optional[_Iterable[_Union[_log_record_pb2.LogRecord, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., head_position: _Optional[int] = ...) -> None: ...

class ReadStreamRequest(_message.Message):
    __slots__ = ("stream", "direction", "start_revision", "page_size", "page_token")
    STREAM_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    START_REVISION_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    stream: str
    direction: ReadDirection
    start_revision: int
    page_size: int
    page_token: str
    def __init__(self, stream: _Optional[str] = ..., direction: _Optional[_Union[ReadDirection, str]] = ..., start_revision: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ReadStreamResponse(_message.Message):
    __slots__ = ("records", "next_page_token", "last_revision")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    LAST_REVISION_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[_log_record_pb2.LogRecord]
    next_page_token: str
    last_revision: int
    def __init__(self, records: _Optional[_Iterable[_Union[_log_record_pb2.LogRecord, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., last_revision: _Optional[int] = ...) -> None: ...

class SubscribeLogRequest(_message.Message):
    __slots__ = ("after_position", "filter")
    AFTER_POSITION_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    after_position: int
    filter: _log_filter_pb2.LogFilter
    def __init__(self, after_position: _Optional[int] = ..., filter: _Optional[_Union[_log_filter_pb2.LogFilter, _Mapping]] = ...) -> None: ...

class SubscribeLogResponse(_message.Message):
    __slots__ = ("records", "caught_up", "checkpoint")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    CAUGHT_UP_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    records: LogRecordBatch
    caught_up: _subscription_pb2.CaughtUp
    checkpoint: _subscription_pb2.Checkpoint
    def __init__(self, records: _Optional[_Union[LogRecordBatch, _Mapping]] = ..., caught_up: _Optional[_Union[_subscription_pb2.CaughtUp, _Mapping]] = ..., checkpoint: _Optional[_Union[_subscription_pb2.Checkpoint, _Mapping]] = ...) -> None: ...

class LogRecordBatch(_message.Message):
    __slots__ = ("records",)
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[_log_record_pb2.LogRecord]
    def __init__(self, records: _Optional[_Iterable[_Union[_log_record_pb2.LogRecord, _Mapping]]] = ...) -> None: ...
