from chancery.v1 import actor_pb2 as _actor_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.type import date_pb2 as _date_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class QuadClass(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    QUAD_CLASS_UNSPECIFIED: _ClassVar[QuadClass]
    QUAD_CLASS_VERBAL_COOPERATION: _ClassVar[QuadClass]
    QUAD_CLASS_MATERIAL_COOPERATION: _ClassVar[QuadClass]
    QUAD_CLASS_VERBAL_CONFLICT: _ClassVar[QuadClass]
    QUAD_CLASS_MATERIAL_CONFLICT: _ClassVar[QuadClass]
QUAD_CLASS_UNSPECIFIED: QuadClass
QUAD_CLASS_VERBAL_COOPERATION: QuadClass
QUAD_CLASS_MATERIAL_COOPERATION: QuadClass
QUAD_CLASS_VERBAL_CONFLICT: QuadClass
QUAD_CLASS_MATERIAL_CONFLICT: QuadClass

class Citation(_message.Message):
    __slots__ = ("publisher", "title", "url", "publish_date")
    PUBLISHER_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_DATE_FIELD_NUMBER: _ClassVar[int]
    publisher: str
    title: str
    url: str
    publish_date: _date_pb2.Date
    def __init__(self, publisher: _Optional[str] = ..., title: _Optional[str] = ..., url: _Optional[str] = ..., publish_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class DiplomaticEvent(_message.Message):
    __slots__ = ("event_id", "occur_date", "source", "target", "cameo_code", "goldstein", "quad_class", "summary", "citations")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCUR_DATE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    CAMEO_CODE_FIELD_NUMBER: _ClassVar[int]
    GOLDSTEIN_FIELD_NUMBER: _ClassVar[int]
    QUAD_CLASS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    CITATIONS_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occur_date: _date_pb2.Date
    source: _actor_pb2.Actor
    target: _actor_pb2.Actor
    cameo_code: str
    goldstein: float
    quad_class: QuadClass
    summary: str
    citations: _containers.RepeatedCompositeFieldContainer[Citation]
    def __init__(self, event_id: _Optional[str] = ..., occur_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., source: _Optional[_Union[_actor_pb2.Actor, _Mapping]] = ..., target: _Optional[_Union[_actor_pb2.Actor, _Mapping]] = ..., cameo_code: _Optional[str] = ..., goldstein: _Optional[float] = ..., quad_class: _Optional[_Union[QuadClass, str]] = ..., summary: _Optional[str] = ..., citations: _Optional[_Iterable[_Union[Citation, _Mapping]]] = ...) -> None: ...

class Retraction(_message.Message):
    __slots__ = ("retracted_event_id", "reason")
    RETRACTED_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    retracted_event_id: str
    reason: str
    def __init__(self, retracted_event_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...
