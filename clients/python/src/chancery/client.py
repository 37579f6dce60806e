"""Client: chanceryd's RPCs behind one object with an address, credentials and timeouts."""

from __future__ import annotations

from typing import Iterable, Tuple

import grpc
from google.protobuf.message import Message

from grpc_health.v1 import health_pb2, health_pb2_grpc

from chancery.errors import ChanceryError
from chancery.resuming_stream import Backoff, ResumingStream
from chancery.security import Pem, channel_credentials
from chancery.servers import channel_options, servers_target
from chancery.v1 import (event_log_service_pb2 as log_pb, event_log_service_pb2_grpc as log_grpc,
                         log_record_pb2, relations_service_pb2 as relations_pb,
                         relations_service_pb2_grpc as relations_grpc, relationship_pb2)


class Client:
    """A connection to chanceryd.

    Each method takes its request message, or the request's fields as keyword arguments:
    `client.get_relationship(dyad="KHM-USA")`. Unary calls time out after `timeout`
    seconds (None waits forever) and raise `ChanceryError` on failure; with `wait_for_ready`
    they wait for a reachable server instead of failing UNAVAILABLE at once. Subscriptions
    (`subscribe_log`, `watch_relationships`) resume by themselves; see `ResumingStream`.

    `address` is one "HOST:PORT", or several replicas' "IP:PORT" separated by commas (or as a
    list of strings): see `chancery.servers.servers_target`. Calls are spread over the
    replicas and tried again on another when one is unavailable.

    `token`, `tls_ca`, `tls_cert` and `tls_key` are as for `chancery.security.
    channel_credentials`; `credentials` instead gives the channel credentials whole.
    `options` are gRPC channel options, added to (or replacing) the replica ones.
    """

    def __init__(self, address: str | Iterable[str] = "127.0.0.1:50051", *,
                 token: str | None = None, tls_ca: Pem | None = None,
                 tls_cert: Pem | None = None, tls_key: Pem | None = None,
                 credentials: grpc.ChannelCredentials | None = None,
                 timeout: float | None = 30.0, wait_for_ready: bool = False,
                 options: Iterable[Tuple[str, object]] = ()):
        self.timeout = timeout
        self.wait_for_ready = wait_for_ready
        target = servers_target(address)
        options = list({**dict(channel_options(address)), **dict(options)}.items())
        security = channel_credentials(token=token, tls_ca=tls_ca, tls_cert=tls_cert,
                                       tls_key=tls_key)
        if credentials is not None and security is not None:
            raise TypeError("pass credentials, or token and tls_* options, not both")
        credentials = credentials or security
        if credentials is None:
            self._channel = grpc.insecure_channel(target, options=options)
        else:
            self._channel = grpc.secure_channel(target, credentials, options=options)
        self._relations = relations_grpc.RelationsServiceStub(self._channel)
        self._log = log_grpc.EventLogServiceStub(self._channel)
        self._health = health_pb2_grpc.HealthStub(self._channel)

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Recording.
    def record_events(self, request=None, /, **fields) -> relations_pb.RecordEventsResponse:
        return self._unary(self._relations.RecordEvents, relations_pb.RecordEventsRequest,
                           request, fields)

    def retract_event(self, request=None, /, **fields) -> relations_pb.RetractEventResponse:
        return self._unary(self._relations.RetractEvent, relations_pb.RetractEventRequest,
                           request, fields)

    # Relationship queries.
    def get_relationship(self, request=None, /, **fields) -> relations_pb.GetRelationshipResponse:
        return self._unary(self._relations.GetRelationship, relations_pb.GetRelationshipRequest,
                           request, fields)

    def list_relationships(self, request=None, /,
                           **fields) -> relations_pb.ListRelationshipsResponse:
        return self._unary(self._relations.ListRelationships,
                           relations_pb.ListRelationshipsRequest, request, fields)

    # The raw log.
    def read_log(self, request=None, /, **fields) -> log_pb.ReadLogResponse:
        return self._unary(self._log.ReadLog, log_pb.ReadLogRequest, request, fields)

    def read_stream(self, request=None, /, **fields) -> log_pb.ReadStreamResponse:
        return self._unary(self._log.ReadStream, log_pb.ReadStreamRequest, request, fields)

    # gRPC's health check of the whole server (it needs no token).
    def health(self) -> health_pb2.HealthCheckResponse:
        return self._unary(self._health.Check, health_pb2.HealthCheckRequest, None, {})

    # Subscriptions.
    def subscribe_log(self, request=None, /, *, backoff: Backoff | None = None,
                      **fields) -> ResumingStream[log_record_pb2.LogRecord]:
        """Every matching `LogRecord` after `after_position`, then live ones, until cancelled."""
        return self._subscribe(self._log.SubscribeLog, _request(log_pb.SubscribeLogRequest,
                                                                request, fields),
                               _unpack_log, backoff)

    def watch_relationships(self, request=None, /, *, backoff: Backoff | None = None,
                            **fields) -> ResumingStream[relationship_pb2.RelationshipChange]:
        """Every `RelationshipChange` after `after_position`, then live ones, until cancelled."""
        return self._subscribe(self._relations.WatchRelationships,
                               _request(relations_pb.WatchRelationshipsRequest, request, fields),
                               _unpack_watch, backoff)

    def _unary(self, method, request_type, request, fields):
        try:
            return method(_request(request_type, request, fields), timeout=self.timeout,
                          wait_for_ready=self.wait_for_ready)
        except grpc.RpcError as error:
            raise ChanceryError.from_rpc_error(error) from None

    @staticmethod
    def _subscribe(method, request, unpack, backoff) -> ResumingStream:
        def open_call(after_position: int):
            resumed = type(request)()
            resumed.CopyFrom(request)
            resumed.after_position = after_position
            # A resumed call waits for the server to be back rather than failing at once.
            return method(resumed, wait_for_ready=True)
        return ResumingStream(open_call, unpack, request.after_position, backoff)


def _request(request_type: type[Message], request: Message | None, fields: dict) -> Message:
    if request is not None and fields:
        raise TypeError("pass a request message or its fields, not both")
    return request if request is not None else request_type(**fields)


def _unpack_log(response: log_pb.SubscribeLogResponse):
    content = response.WhichOneof("content")
    if content == "records":
        return [(record, record.position) for record in response.records.records]
    return [(None, getattr(response, content).position)]


def _unpack_watch(response: relations_pb.WatchRelationshipsResponse):
    content = response.WhichOneof("content")
    if content == "change":
        return [(response.change, response.change.position)]
    return [(None, getattr(response, content).position)]
