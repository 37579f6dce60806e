from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExpectedRevision(_message.Message):
    __slots__ = ("exact", "no_stream")
    EXACT_FIELD_NUMBER: _ClassVar[int]
    NO_STREAM_FIELD_NUMBER: _ClassVar[int]
    exact: int
    no_stream: bool
    def __init__(self, exact: _Optional[int] = ..., no_stream: _Optional[bool] = ...) -> None: ...

class RevisionConflict(_message.Message):
    __slots__ = ("stream", "expected_revision", "current_revision")
    STREAM_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    CURRENT_REVISION_FIELD_NUMBER: _ClassVar[int]
    stream: str
    expected_revision: ExpectedRevision
    current_revision: int
    def __init__(self, stream: _Optional[str] = ..., expected_revision: _Optional[_Union[ExpectedRevision, _Mapping]] = ..., current_revision: _Optional[int] = ...) -> None: ...
