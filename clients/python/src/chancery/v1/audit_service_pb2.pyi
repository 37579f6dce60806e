from chancery.v1 import known_at_pb2 as _known_at_pb2
from chancery.v1 import log_record_pb2 as _log_record_pb2
from chancery.v1 import relationship_pb2 as _relationship_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.type import date_pb2 as _date_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VerifyLogRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VerifyLogResponse(_message.Message):
    __slots__ = ("verified_count", "head_hash", "first_bad_position", "problem")
    VERIFIED_COUNT_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    FIRST_BAD_POSITION_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_FIELD_NUMBER: _ClassVar[int]
    verified_count: int
    head_hash: bytes
    first_bad_position: int
    problem: str
    def __init__(self, verified_count: _Optional[int] = ..., head_hash: _Optional[bytes] = ..., first_bad_position: _Optional[int] = ..., problem: _Optional[str] = ...) -> None: ...

class ReplayRelationshipRequest(_message.Message):
    __slots__ = ("dyad", "start_date", "end_date", "known_at")
    DYAD_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    KNOWN_AT_FIELD_NUMBER: _ClassVar[int]
    dyad: str
    start_date: _date_pb2.Date
    end_date: _date_pb2.Date
    known_at: _known_at_pb2.KnownAt
    def __init__(self, dyad: _Optional[str] = ..., start_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., end_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., known_at: _Optional[_Union[_known_at_pb2.KnownAt, _Mapping]] = ...) -> None: ...

class ReplayRelationshipResponse(_message.Message):
    __slots__ = ("record", "state_after")
    RECORD_FIELD_NUMBER: _ClassVar[int]
    STATE_AFTER_FIELD_NUMBER: _ClassVar[int]
    record: _log_record_pb2.LogRecord
    state_after: _relationship_pb2.Relationship
    def __init__(self, record: _Optional[_Union[_log_record_pb2.LogRecord, _Mapping]] = ..., state_after: _Optional[_Union[_relationship_pb2.Relationship, _Mapping]] = ...) -> None: ...

class ExportLogRequest(_message.Message):
    __slots__ = ("start_position",)
    START_POSITION_FIELD_NUMBER: _ClassVar[int]
    start_position: int
    def __init__(self, start_position: _Optional[int] = ...) -> None: ...

class ExportLogResponse(_message.Message):
    __slots__ = ("record",)
    RECORD_FIELD_NUMBER: _ClassVar[int]
    record: _log_record_pb2.LogRecord
    def __init__(self, record: _Optional[_Union[_log_record_pb2.LogRecord, _Mapping]] = ...) -> None: ...

class GetCheckpointRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCheckpointResponse(_message.Message):
    __slots__ = ("checkpoint",)
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    checkpoint: str
    def __init__(self, checkpoint: _Optional[str] = ...) -> None: ...

class GetInclusionProofRequest(_message.Message):
    __slots__ = ("position", "tree_size")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    TREE_SIZE_FIELD_NUMBER: _ClassVar[int]
    position: int
    tree_size: int
    def __init__(self, position: _Optional[int] = ..., tree_size: _Optional[int] = ...) -> None: ...

class GetInclusionProofResponse(_message.Message):
    __slots__ = ("record", "leaf", "audit_path")
    RECORD_FIELD_NUMBER: _ClassVar[int]
    LEAF_FIELD_NUMBER: _ClassVar[int]
    AUDIT_PATH_FIELD_NUMBER: _ClassVar[int]
    record: _log_record_pb2.LogRecord
    leaf: bytes
    audit_path: _containers.RepeatedScalarFieldContainer[bytes]
    def __init__(self, record: _Optional[_Union[_log_record_pb2.LogRecord, _Mapping]] = ..., leaf: _Optional[bytes] = ..., audit_path: _Optional[_Iterable[bytes]] = ...) -> None: ...

class GetConsistencyProofRequest(_message.Message):
    __slots__ = ("first_size", "second_size")
    FIRST_SIZE_FIELD_NUMBER: _ClassVar[int]
    SECOND_SIZE_FIELD_NUMBER: _ClassVar[int]
    first_size: int
    second_size: int
    def __init__(self, first_size: _Optional[int] = ..., second_size: _Optional[int] = ...) -> None: ...

class GetConsistencyProofResponse(_message.Message):
    __slots__ = ("proof",)
    PROOF_FIELD_NUMBER: _ClassVar[int]
    proof: _containers.RepeatedScalarFieldContainer[bytes]
    def __init__(self, proof: _Optional[_Iterable[bytes]] = ...) -> None: ...
