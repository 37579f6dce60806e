"""AsyncClient: Client's calls on grpc.aio, for asyncio programs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

import grpc
import grpc.aio
from grpc_health.v1 import health_pb2

from chancery import _core
from chancery._core import (DEFAULT, ChannelOptions, ClientBase, Metadata, Req, Resp, Rpc,
                            Timeout, build_request)
from chancery.errors import ChanceryError
from chancery.group_consumer import AsyncGroupConsumer, OnRefused
from chancery.requests import (CreateGroupFields, DeleteGroupFields, GetActorProfileFields,
                               GetConsistencyProofFields, GetGroupFields, GetInclusionProofFields,
                               GetRelationshipFields, GetTimelineFields, ExportLogFields,
                               HealthCheckFields, JoinGroupFields, ListParkedEventsFields,
                               ListRelationshipsFields, ReadLogFields, ReadStreamFields,
                               RecordEventsFields, RecordObservationsFields,
                               ReplayParkedEventsFields, ReplayRelationshipFields,
                               ResetGroupFields, RetractEventFields, SubscribeLogFields,
                               WatchRelationshipsFields)
from chancery.results import Result
from chancery.resuming_stream import AsyncResumingStream, Backoff
from chancery.security import Pem
from chancery.streams import AsyncStream
from chancery.v1 import (audit_service_pb2 as audit_pb, event_log_service_pb2 as log_pb,
                         log_record_pb2, relations_service_pb2 as relations_pb,
                         relationship_pb2, subscription_group_service_pb2 as groups_pb)

if TYPE_CHECKING:
    from typing_extensions import Unpack


class AsyncClient(ClientBase):
    """Client on `grpc.aio`: the same arguments and methods, the unary ones coroutines
    (`await client.get_relationship(dyad="KHM-USA")`); subscriptions, group consumers and the
    audit streams are iterated with `async for`, and cancelled (a consumer leaves its group)
    on leaving `async with`. Create it, and use it, in a running event loop;
    `async with AsyncClient(...) as client` closes it.

    The requests, options, results and resumption are Client's (`chancery._core`); only the
    calls' plumbing differs.
    """

    def __init__(self, address: str | Iterable[str] = "127.0.0.1:50051", *,
                 token: str | None = None, tls_ca: Pem | None = None,
                 tls_cert: Pem | None = None, tls_key: Pem | None = None,
                 credentials: grpc.ChannelCredentials | None = None,
                 timeout: float | None = 30.0, wait_for_ready: bool = False,
                 metadata: Metadata = (), options: ChannelOptions = ()):
        super().__init__(address, token=token, tls_ca=tls_ca, tls_cert=tls_cert,
                         tls_key=tls_key, credentials=credentials, timeout=timeout,
                         wait_for_ready=wait_for_ready, metadata=metadata, options=options)
        if self._credentials is None:
            self._channel = grpc.aio.insecure_channel(self._target, options=self._options)
        else:
            self._channel = grpc.aio.secure_channel(self._target, self._credentials,
                                                    options=self._options)

    _stream_class = AsyncStream
    _resuming_class = AsyncResumingStream
    _consumer_class = AsyncGroupConsumer

    @property
    def channel(self) -> grpc.aio.Channel:
        """The grpc.aio channel, for stubs of your own (`chancery.v1.*_pb2_grpc`)."""
        return self._channel

    async def close(self) -> None:
        await self._channel.close()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # Recording.
    async def record_events(self, request: relations_pb.RecordEventsRequest | None = None, /, *,
                      timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                      **fields: Unpack[RecordEventsFields]
                      ) -> Result[relations_pb.RecordEventsResponse]:
        return await self._unary(_core.RECORD_EVENTS, request, fields, timeout, metadata)

    async def retract_event(self, request: relations_pb.RetractEventRequest | None = None, /, *,
                      timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                      **fields: Unpack[RetractEventFields]
                      ) -> Result[relations_pb.RetractEventResponse]:
        return await self._unary(_core.RETRACT_EVENT, request, fields, timeout, metadata)

    async def record_observations(self, request: relations_pb.RecordObservationsRequest | None = None,
                            /, *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                            **fields: Unpack[RecordObservationsFields]
                            ) -> Result[relations_pb.RecordObservationsResponse]:
        return await self._unary(_core.RECORD_OBSERVATIONS, request, fields, timeout, metadata)

    # Relationship queries.
    async def get_relationship(self, request: relations_pb.GetRelationshipRequest | None = None, /, *,
                         timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                         **fields: Unpack[GetRelationshipFields]
                         ) -> Result[relations_pb.GetRelationshipResponse]:
        return await self._unary(_core.GET_RELATIONSHIP, request, fields, timeout, metadata)

    async def list_relationships(self, request: relations_pb.ListRelationshipsRequest | None = None,
                           /, *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                           **fields: Unpack[ListRelationshipsFields]
                           ) -> Result[relations_pb.ListRelationshipsResponse]:
        return await self._unary(_core.LIST_RELATIONSHIPS, request, fields, timeout, metadata)

    async def get_timeline(self, request: relations_pb.GetTimelineRequest | None = None, /, *,
                     timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                     **fields: Unpack[GetTimelineFields]
                     ) -> Result[relations_pb.GetTimelineResponse]:
        return await self._unary(_core.GET_TIMELINE, request, fields, timeout, metadata)

    async def get_actor_profile(self, request: relations_pb.GetActorProfileRequest | None = None, /,
                          *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                          **fields: Unpack[GetActorProfileFields]
                          ) -> Result[relations_pb.GetActorProfileResponse]:
        return await self._unary(_core.GET_ACTOR_PROFILE, request, fields, timeout, metadata)

    # The raw log.
    async def read_log(self, request: log_pb.ReadLogRequest | None = None, /, *,
                 timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                 **fields: Unpack[ReadLogFields]) -> Result[log_pb.ReadLogResponse]:
        return await self._unary(_core.READ_LOG, request, fields, timeout, metadata)

    async def read_stream(self, request: log_pb.ReadStreamRequest | None = None, /, *,
                    timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                    **fields: Unpack[ReadStreamFields]) -> Result[log_pb.ReadStreamResponse]:
        return await self._unary(_core.READ_STREAM, request, fields, timeout, metadata)

    # Audit.
    async def verify_log(self, request: audit_pb.VerifyLogRequest | None = None, /, *,
                   timeout: Timeout = DEFAULT,
                   metadata: Metadata | None = None) -> Result[audit_pb.VerifyLogResponse]:
        return await self._unary(_core.VERIFY_LOG, request, {}, timeout, metadata)

    async def get_checkpoint(self, request: audit_pb.GetCheckpointRequest | None = None, /, *,
                       timeout: Timeout = DEFAULT, metadata: Metadata | None = None
                       ) -> Result[audit_pb.GetCheckpointResponse]:
        return await self._unary(_core.GET_CHECKPOINT, request, {}, timeout, metadata)

    async def get_inclusion_proof(self, request: audit_pb.GetInclusionProofRequest | None = None, /,
                            *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                            **fields: Unpack[GetInclusionProofFields]
                            ) -> Result[audit_pb.GetInclusionProofResponse]:
        return await self._unary(_core.GET_INCLUSION_PROOF, request, fields, timeout, metadata)

    async def get_consistency_proof(self, request: audit_pb.GetConsistencyProofRequest | None = None,
                              /, *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                              **fields: Unpack[GetConsistencyProofFields]
                              ) -> Result[audit_pb.GetConsistencyProofResponse]:
        return await self._unary(_core.GET_CONSISTENCY_PROOF, request, fields, timeout, metadata)

    def export_log(self, request: audit_pb.ExportLogRequest | None = None, /, *,
                   timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                   **fields: Unpack[ExportLogFields]) -> AsyncStream[Result[audit_pb.ExportLogResponse]]:
        """Every record from `start_position` to the head when the call starts; no deadline
        unless `timeout=` gives one."""
        return self._stream(_core.EXPORT_LOG, request, fields, timeout, metadata)

    def replay_relationship(self, request: audit_pb.ReplayRelationshipRequest | None = None, /,
                            *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                            **fields: Unpack[ReplayRelationshipFields]
                            ) -> AsyncStream[Result[audit_pb.ReplayRelationshipResponse]]:
        """A dyad's events in date order, each with the relationship just after it."""
        return self._stream(_core.REPLAY_RELATIONSHIP, request, fields, timeout, metadata)

    # Subscription groups.
    async def create_group(self, request: groups_pb.CreateGroupRequest | None = None, /, *,
                           timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                           **fields: Unpack[CreateGroupFields]
                           ) -> Result[groups_pb.CreateGroupResponse]:
        """Creates the group, or returns the existing one of the same definition (`created`
        False); ALREADY_EXISTS when its name has another definition."""
        return await self._unary(_core.CREATE_GROUP, request, fields, timeout, metadata)

    async def get_group(self, request: groups_pb.GetGroupRequest | None = None, /, *,
                        timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                        **fields: Unpack[GetGroupFields]) -> Result[groups_pb.GetGroupResponse]:
        return await self._unary(_core.GET_GROUP, request, fields, timeout, metadata)

    async def list_groups(self, request: groups_pb.ListGroupsRequest | None = None, /, *,
                          timeout: Timeout = DEFAULT, metadata: Metadata | None = None
                          ) -> Result[groups_pb.ListGroupsResponse]:
        return await self._unary(_core.LIST_GROUPS, request, {}, timeout, metadata)

    async def reset_group(self, request: groups_pb.ResetGroupRequest | None = None, /, *,
                          timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                          **fields: Unpack[ResetGroupFields]
                          ) -> Result[groups_pb.ResetGroupResponse]:
        return await self._unary(_core.RESET_GROUP, request, fields, timeout, metadata)

    async def delete_group(self, request: groups_pb.DeleteGroupRequest | None = None, /, *,
                           timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                           **fields: Unpack[DeleteGroupFields]
                           ) -> Result[groups_pb.DeleteGroupResponse]:
        return await self._unary(_core.DELETE_GROUP, request, fields, timeout, metadata)

    async def list_parked_events(self, request: groups_pb.ListParkedEventsRequest | None = None, /,
                                 *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                                 **fields: Unpack[ListParkedEventsFields]
                                 ) -> Result[groups_pb.ListParkedEventsResponse]:
        return await self._unary(_core.LIST_PARKED_EVENTS, request, fields, timeout, metadata)

    async def replay_parked_events(self,
                                   request: groups_pb.ReplayParkedEventsRequest | None = None,
                                   /, *, timeout: Timeout = DEFAULT,
                                   metadata: Metadata | None = None,
                                   **fields: Unpack[ReplayParkedEventsFields]
                                   ) -> Result[groups_pb.ReplayParkedEventsResponse]:
        return await self._unary(_core.REPLAY_PARKED_EVENTS, request, fields, timeout, metadata)

    def consume_group(self, request: groups_pb.JoinGroup | None = None, /, *,
                      backoff: Backoff | None = None, metadata: Metadata | None = None,
                      on_refused: OnRefused | None = None,
                      **fields: Unpack[JoinGroupFields]) -> AsyncGroupConsumer:
        """Joins the group `group` as a consumer (`async for delivery in consumer`, then
        `consumer.ack(delivery.position)`), joining again by itself after a server restart;
        see `AsyncGroupConsumer`."""
        return self._consume_group(request, fields, backoff, metadata, on_refused)

    # gRPC's health check of the whole server (service "") or of one service (it needs no token).
    async def health(self, request: health_pb2.HealthCheckRequest | None = None, /, *,
                     timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                     **fields: Unpack[HealthCheckFields]) -> Result[health_pb2.HealthCheckResponse]:
        return await self._unary(_core.HEALTH_CHECK, request, fields, timeout, metadata)

    # Subscriptions.
    def subscribe_log(self, request: log_pb.SubscribeLogRequest | None = None, /, *,
                      backoff: Backoff | None = None, metadata: Metadata | None = None,
                      from_now: bool = False,
                      on_caught_up: Callable[[int], object] | None = None,
                      **fields: Unpack[SubscribeLogFields]
                      ) -> ResumingAsyncStream[Result[log_record_pb2.LogRecord]]:
        """Every matching `LogRecord` after `after_position` (with `from_now`, after the head
        of the log as it is when subscribing), then live ones, until cancelled. The first
        CaughtUp marker sets `caught_up_position` and calls `on_caught_up(position)`."""
        return self._subscribe(_core.SUBSCRIBE_LOG, request, fields, _core.unpack_log, backoff,
                               metadata, from_now, on_caught_up)

    def watch_relationships(self, request: relations_pb.WatchRelationshipsRequest | None = None,
                            /, *, backoff: Backoff | None = None, metadata: Metadata | None = None,
                            from_now: bool = False,
                            on_caught_up: Callable[[int], object] | None = None,
                            **fields: Unpack[WatchRelationshipsFields]
                            ) -> ResumingAsyncStream[Result[relationship_pb2.RelationshipChange]]:
        """Every `RelationshipChange` after `after_position` (with `from_now`, after the head
        of the log as it is when watching), then live ones, until cancelled. The first
        CaughtUp marker sets `caught_up_position` and calls `on_caught_up(position)`."""
        return self._subscribe(_core.WATCH_RELATIONSHIPS, request, fields, _core.unpack_watch,
                               backoff, metadata, from_now, on_caught_up)

    async def _head_position(self, metadata: Metadata | None) -> int:
        return (await self.read_log(page_size=1, metadata=metadata)).head_position

    async def _unary(self, rpc: Rpc[Req, Resp], request: Any, fields: Any, timeout: Timeout,
                     metadata: Metadata | None) -> Result[Resp]:
        call = self._channel.unary_unary(rpc.path,
                                         request_serializer=rpc.request_type.SerializeToString,
                                         response_deserializer=rpc.response_type.FromString)
        try:
            return Result(await call(build_request(rpc.request_type, request, fields),
                                     **self._call_options(timeout, metadata)))
        except grpc.RpcError as error:
            raise ChanceryError.from_rpc_error(error) from None
