from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class LogFilter(_message.Message):
    __slots__ = ("streams", "actor_codes", "cameo_code_prefixes")
    STREAMS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_CODES_FIELD_NUMBER: _ClassVar[int]
    CAMEO_CODE_PREFIXES_FIELD_NUMBER: _ClassVar[int]
    streams: _containers.RepeatedScalarFieldContainer[str]
    actor_codes: _containers.RepeatedScalarFieldContainer[str]
    cameo_code_prefixes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, streams: _Optional[_Iterable[str]] = ..., actor_codes: _Optional[_Iterable[str]] = ..., cameo_code_prefixes: _Optional[_Iterable[str]] = ...) -> None: ...
