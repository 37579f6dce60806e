from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BackupDatabaseRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class BackupDatabaseResponse(_message.Message):
    __slots__ = ("manifest", "chunk")
    MANIFEST_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    manifest: BackupManifest
    chunk: bytes
    def __init__(self, manifest: _Optional[_Union[BackupManifest, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class BackupManifest(_message.Message):
    __slots__ = ("head_position", "head_hash", "size_bytes")
    HEAD_POSITION_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    head_position: int
    head_hash: bytes
    size_bytes: int
    def __init__(self, head_position: _Optional[int] = ..., head_hash: _Optional[bytes] = ..., size_bytes: _Optional[int] = ...) -> None: ...
