"""Client and AsyncClient against a chanceryd of their own: every RPC, typed keywords, results
with enum names, per-call timeout and metadata, subscriptions and streams as context managers.
Events are on a dyad and in a year of their own (NOR-NZL, 2021: chanceryd refuses dates past tomorrow)."""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import subprocess
import uuid

import grpc
import pytest
from google.protobuf import json_format

from chancery import (AsyncClient, ChanceryError, Client, ProtoEnum, RelationshipStatus, Result,
                      Trend)
from chancery.v1 import log_record_pb2, relations_service_pb2 as relations_pb, relationship_pb2
from chancery.v1.event_pb2 import DiplomaticEvent
from chancery.v1.relations_service_pb2_grpc import RelationsServiceStub
from chanceryd import Chanceryd


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("client")
    key = directory / "signing.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(key)], check=True)
    started = Chanceryd(directory / "chancery.db", [f"--signing-key={key}"])
    started.start()
    yield started
    started.stop()


def new_event(day: int = 1, cameo_code: str = "036") -> DiplomaticEvent:
    return DiplomaticEvent(event_id=str(uuid.uuid4()), cameo_code=cameo_code,
                           occur_date={"year": 2021, "month": 3, "day": day},
                           source={"code": "NOR"}, target={"code": "NZL"}, summary="a test")


def test_unary_calls_take_typed_keywords_and_return_enum_names(server):
    with Client(server.address) as client:
        event = new_event()
        recorded = client.record_events(events=[event])
        assert recorded.results[0].stream == "NOR-NZL"
        relationship = client.get_relationship(dyad="NOR-NZL",
                                               as_of_date=datetime.date(2021, 12, 31)).relationship
        assert isinstance(relationship.status, ProtoEnum)
        assert str(relationship.status).startswith("RELATIONSHIP_STATUS_")
        assert relationship.status == RelationshipStatus[str(relationship.status)]
        assert relationship.status == relationship.proto.status  # Still the number.
        assert isinstance(relationship.trend, Trend)
        assert f"{relationship.trend}" == relationship.trend.name
        assert "RELATIONSHIP_STATUS_" in str(relationship)
        # The message itself, for what takes one; json_format takes the Result too.
        assert isinstance(relationship.proto, relationship_pb2.Relationship)
        assert json_format.MessageToDict(relationship)["status"] == relationship.status.name
        # A request message instead of keywords.
        same = client.get_relationship(relations_pb.GetRelationshipRequest(
            dyad="NOR-NZL", as_of_date={"year": 2021, "month": 12, "day": 31}))
        assert same.relationship == relationship
        with pytest.raises(TypeError):
            client.get_relationship(dyad="NOR-NZL", no_such_field=1)


def test_every_rpc_is_wrapped(server):
    with Client(server.address) as client:
        first, second = new_event(2), new_event(3, "042")
        client.record_events(events=[first, second])
        client.retract_event(event_id=second.event_id, reason="a test")
        observed = client.record_observations(observations=[{
            "observation_id": str(uuid.uuid4()), "observe_date": {"year": 2021, "month": 4, "day": 1},
            "a_code": "NOR", "b_code": "NZL", "a_in_b": "OBSERVED_REPRESENTATION_AMBASSADOR"}])
        assert observed.results[0].stream
        timeline = client.get_timeline(dyad="NOR-NZL", include_retracted=True)
        entries = {entry.record.event.event_id: entry for entry in timeline.entries}
        assert entries[second.event_id].retraction_position > 0
        assert entries[first.event_id].retraction_position == 0
        assert all(isinstance(month.end_status, RelationshipStatus) for month in timeline.months)
        assert client.get_actor_profile(actor_code="NOR").profile.actor_code == "NOR"
        assert client.list_relationships(actor_code="NOR").relationships
        assert client.read_stream(stream="NOR-NZL", direction="READ_DIRECTION_FORWARD").records
        head = client.read_log(page_size=1).head_position
        verified = client.verify_log()
        assert verified.verified_count == head and not verified.problem
        with client.export_log(start_position=1) as export:
            exported = [response.record.position for response in export]
        assert exported == list(range(1, head + 1))
        with client.replay_relationship(dyad="NOR-NZL") as replay:
            steps = list(replay)
        assert first.event_id in [step.record.event.event_id for step in steps]
        assert all(isinstance(step.state_after.status, ProtoEnum) for step in steps)
        assert client.get_checkpoint().checkpoint
        proof = client.get_inclusion_proof(position=1, tree_size=head)
        assert proof.record.position == 1
        assert client.get_consistency_proof(first_size=1, second_size=head) is not None
        assert str(client.health().status) == "SERVING"
        # The channel, for stubs of one's own.
        stub = RelationsServiceStub(client.channel)
        assert stub.GetRelationship(relations_pb.GetRelationshipRequest(dyad="NOR-NZL"))


def test_a_failed_stream_raises_chancery_error(server):
    with Client(server.address) as client:
        with pytest.raises(ChanceryError) as failed:
            list(client.replay_relationship(dyad="not a dyad"))
        assert failed.value.code == grpc.StatusCode.INVALID_ARGUMENT


def test_a_call_timeout_replaces_the_client_one(server):
    # A deadline already past fails every call, with no wait to measure.
    with Client(server.address, timeout=-1) as client:
        with pytest.raises(ChanceryError) as expired:
            client.read_log(page_size=1)
        assert expired.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
        assert client.read_log(page_size=1, timeout=30).head_position >= 0
    with Client(server.address) as client:
        with pytest.raises(ChanceryError) as expired:
            client.verify_log(timeout=-1)
        assert expired.value.code == grpc.StatusCode.DEADLINE_EXCEEDED


def test_call_metadata_adds_to_and_replaces_the_client_metadata(tmp_path):
    principal_token = "token-of-reader"
    tokens = tmp_path / "tokens"
    tokens.write_text(f"sha256:{hashlib.sha256(principal_token.encode()).hexdigest()} "
                      "reader reader\n")
    server = Chanceryd(tmp_path / "chancery.db", [f"--tokens={tokens}"])
    server.start()
    try:
        good = [("authorization", f"Bearer {principal_token}")]
        with Client(server.address) as client:
            with pytest.raises(ChanceryError) as refused:
                client.read_log(page_size=1)
            assert refused.value.code == grpc.StatusCode.UNAUTHENTICATED
            assert client.read_log(page_size=1, metadata=good).head_position == 0
        with Client(server.address, metadata=[("authorization", "Bearer wrong")]) as client:
            with pytest.raises(ChanceryError):
                client.read_log(page_size=1)
            assert client.read_log(page_size=1, metadata=good).head_position == 0
        with Client(server.address, metadata=good) as client:
            assert client.read_log(page_size=1).head_position == 0
            with client.subscribe_log(metadata=[("x-trace", "1")]) as stream:
                assert stream.position == 0  # Opened with the client's token; nothing yet.
    finally:
        server.stop()


def test_a_subscription_is_cancelled_on_leaving_its_with_block(server):
    with Client(server.address) as client:
        event = new_event(4)
        client.record_events(events=[event])
        with client.subscribe_log(filter={"actor_codes": ["NOR"]}) as stream:
            for record in stream:
                assert isinstance(record, Result)
                assert isinstance(record.proto, log_record_pb2.LogRecord)
                if record.event.event_id == event.event_id:
                    break
        assert list(stream) == []  # Cancelled: the iteration is over.
        with client.watch_relationships(dyads=["NOR-NZL"]) as watch:
            change = next(watch)
        assert isinstance(change.after.status, ProtoEnum)
        assert list(watch) == []


def test_the_async_client_makes_the_same_calls(server):
    async def main() -> None:
        async with AsyncClient(server.address) as client:
            event = new_event(5)
            recorded = await client.record_events(events=[event])
            assert recorded.results[0].stream == "NOR-NZL"
            relationship = (await client.get_relationship(dyad="NOR-NZL")).relationship
            assert isinstance(relationship.status, RelationshipStatus)
            assert str((await client.health()).status) == "SERVING"
            async with client.subscribe_log(filter={"actor_codes": ["NOR"]}) as stream:
                async for record in stream:
                    if record.event.event_id == event.event_id:
                        break
            assert [record async for record in stream] == []
            async with client.watch_relationships(dyads=["NOR-NZL"]) as watch:
                change = await watch.__anext__()
                assert change.after.dyad == "NOR-NZL"
            head = (await client.read_log(page_size=1)).head_position
            async with client.export_log() as export:
                positions = [response.record.position async for response in export]
            assert positions == list(range(1, head + 1))
            steps = [step async for step in client.replay_relationship(dyad="NOR-NZL")]
            assert steps and isinstance(steps[-1].state_after.trend, Trend)
            with pytest.raises(ChanceryError) as failed:
                await client.get_relationship(dyad="not a dyad")
            assert failed.value.field_violations
            with pytest.raises(ChanceryError) as expired:
                await client.read_log(page_size=1, timeout=-1)
            assert expired.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
            assert isinstance(client.channel, grpc.aio.Channel)
    asyncio.run(main())


def test_a_subscription_from_now_reports_its_caught_up_moment(server):
    with Client(server.address) as client:
        client.record_events(events=[new_event(6)])
        head = client.read_log(page_size=1).head_position
        told = []
        with client.subscribe_log(from_now=True, after_position=0,
                                  on_caught_up=told.append) as stream:
            assert not stream.caught_up and stream.caught_up_position is None
            assert stream.position == head  # After the head when subscribing, not after 0.
            assert stream.wait_caught_up(timeout=30) == head
            assert stream.caught_up and stream.caught_up_position == head and told == [head]
            event = new_event(7)
            client.record_events(events=[event])
            record = next(stream)  # Only what is recorded later; the marker is not an item.
            assert record.position == head + 1 and record.event.event_id == event.event_id
        assert told == [head]  # Once.
        # From the start: waiting reads ahead, and the records stay for the iteration.
        with client.watch_relationships(dyads=["NOR-NZL"]) as watch:
            assert watch.wait_caught_up(timeout=30) == head + 1
            first = next(watch)
            assert first.position <= head + 1 and first.after.dyad == "NOR-NZL"
        # Cancelled before it caught up: waiting says so.
        stream = client.subscribe_log()
        stream.cancel()
        with pytest.raises(ChanceryError) as ended:
            stream.wait_caught_up(timeout=30)
        assert ended.value.code == grpc.StatusCode.CANCELLED
        assert list(stream) == []


def test_an_async_subscription_from_now_reports_its_caught_up_moment(server):
    async def main() -> None:
        async with AsyncClient(server.address) as client:
            await client.record_events(events=[new_event(8)])
            head = (await client.read_log(page_size=1)).head_position
            told = []
            async with client.watch_relationships(dyads=["NOR-NZL"], from_now=True,
                                                  on_caught_up=told.append) as watch:
                assert watch.position == head and not watch.caught_up
                assert await asyncio.wait_for(watch.wait_caught_up(), 30) == head
                assert watch.caught_up_position == head and told == [head]
                event = new_event(9)
                await client.record_events(events=[event])
                change = await watch.__anext__()
                assert change.position == head + 1
                assert change.cause.event.event_id == event.event_id
            async with client.subscribe_log() as stream:
                assert await stream.wait_caught_up() == head + 1
                assert (await stream.__anext__()).position == 1  # Not consumed by the wait.
    asyncio.run(main())
