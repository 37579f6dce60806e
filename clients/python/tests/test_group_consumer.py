"""Subscription groups through Client and AsyncClient against a chanceryd of their own: the group
calls, and the consumers' behaviour beyond the conformance vectors (sharing streams, each stream's
events one at a time, handing on what a leaving consumer held, leaving after its
acknowledgements, refusals, heartbeats, errors, joining again after a restart). Each test has a
group of its own, which starts after the head; events are NOR's with a partner, in 2021, and a
partner is a stream (NOR-NZL, ...). A group delivers a stream's next event only once the one
before it is acknowledged or parked, so a test wanting several events in flight at once uses
several partners."""

from __future__ import annotations

import asyncio
import datetime
import logging
import queue
import threading
import time
import uuid

import grpc
import pytest

from chancery import AsyncClient, ChanceryError, Client, GroupConsumer, GroupSource
from chancery.v1.event_pb2 import DiplomaticEvent
from chanceryd import Chanceryd

PARTNERS = ["NZL", "SWE", "DNK", "FIN", "ISL", "EST", "LVA", "LTU"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = Chanceryd(tmp_path_factory.mktemp("groups") / "chancery.db")
    started.start()
    yield started
    started.stop()


def new_group_name() -> str:
    return f"test-{uuid.uuid4()}"


def new_event(day: int = 1, partner: str = "NZL") -> DiplomaticEvent:
    return DiplomaticEvent(event_id=str(uuid.uuid4()), cameo_code="036",
                           occur_date={"year": 2021, "month": 6, "day": day},
                           source={"code": "NOR"}, target={"code": partner})


def record(client: Client, events: list[DiplomaticEvent]) -> list[int]:
    return [result.position for result in client.record_events(events=events).results]


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within 10 s"
        time.sleep(0.05)


def checkpoint(client: Client, name: str) -> int:
    return client.get_group(name=name).state.checkpoint


def test_the_group_calls_take_typed_keywords(server):
    name = new_group_name()
    with Client(server.address) as client:
        group = {"name": name, "source": GroupSource.GROUP_SOURCE_LOG,
                 "log_filter": {"actor_codes": ["NOR"]}, "max_attempts": 3,
                 "ack_timeout": datetime.timedelta(seconds=10)}
        created = client.create_group(group=group)
        assert created.created and created.group.source == GroupSource.GROUP_SOURCE_LOG
        assert created.group.ack_timeout.seconds == 10
        head = client.read_log(page_size=1).head_position
        assert created.group.checkpoint == head  # After the head, by default.
        again = client.create_group(group=created.group)  # The same definition, as a Result.
        assert not again.created and again.group == created.group
        got = client.get_group(name=name)
        assert got.group.name == name and got.state.lag == 0 and got.state.consumer_count == 0
        assert name in [listed.group.name for listed in client.list_groups().groups]
        assert client.reset_group(name=name, after_position=0).group.checkpoint == 0
        since = client.reset_group(name=name, recorded_since=datetime.datetime.now(
            datetime.timezone.utc) + datetime.timedelta(hours=1))
        assert since.group.checkpoint == client.read_log(page_size=1).head_position
        parked = client.list_parked_events(name=name, page_size=10)
        assert list(parked.events) == [] and parked.next_page_token == ""
        assert client.replay_parked_events(name=name).replayed_count == 0
        client.delete_group(name=name, timeout=10)
        with pytest.raises(ChanceryError) as missing:
            client.get_group(name=name)
        assert missing.value.code == grpc.StatusCode.NOT_FOUND


def test_two_consumers_share_the_streams_of_a_group(server):
    name = new_group_name()
    with Client(server.address) as client:
        client.create_group(group={"name": name, "source": "GROUP_SOURCE_LOG"})
        consumers = [client.consume_group(group=name, consumer_name=f"c{i}") for i in range(2)]
        received: list[list] = [[], []]
        # Each stream's delivery held unacknowledged, by either consumer: a stream's next event
        # must not come while one is held. Acknowledging 20 ms later leaves it the time to come
        # if the server sent it too soon.
        held: dict[str, int] = {}
        too_soon: list[tuple[int, int]] = []
        lock = threading.Lock()

        def consume(index: int) -> None:
            consumer = consumers[index]
            for delivery in consumer:
                received[index].append(delivery)
                stream = delivery.record.stream
                with lock:
                    if stream in held:
                        too_soon.append((held[stream], delivery.position))
                    held[stream] = delivery.position

                def settle(stream=stream, position=delivery.position) -> None:
                    with lock:  # Let go before the server can see the acknowledgement.
                        if held.get(stream) == position:
                            del held[stream]
                    consumer.ack(position)
                threading.Timer(0.02, settle).start()
        threads = [threading.Thread(target=consume, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        wait_until(lambda: client.get_group(name=name).state.consumer_count == 2,
                   "two consumers")
        positions = record(client, [new_event(day, partner)
                                    for day in (1, 2, 3) for partner in PARTNERS])
        wait_until(lambda: checkpoint(client, name) == positions[-1], "checkpoint")
        for consumer in consumers:
            consumer.close()  # From another thread than the one iterating.
        for thread in threads:
            thread.join(10)
            assert not thread.is_alive()
    every = [delivery for deliveries in received for delivery in deliveries]
    assert sorted(delivery.position for delivery in every) == positions  # Each once.
    assert too_soon == [], "an event came while the one before it in its stream was held"
    assert all(delivery.attempt == 1 for delivery in every)
    streams = [{delivery.record.stream for delivery in deliveries} for deliveries in received]
    assert streams[0] and streams[1], "one consumer got every stream"
    assert not streams[0] & streams[1], "a stream's events went to both consumers"
    for deliveries in received:
        for stream in streams[0] | streams[1]:
            in_stream = [d.position for d in deliveries if d.record.stream == stream]
            assert in_stream == sorted(in_stream)


def test_what_a_leaving_consumer_held_goes_to_another(server):
    name = new_group_name()
    with Client(server.address) as client:
        client.create_group(group={"name": name, "source": "GROUP_SOURCE_LOG"})
        # Three streams, so three events in flight at once, and a second event of the first.
        positions = record(client, [new_event(day, partner) for day, partner in
                                    ((4, "NZL"), (5, "SWE"), (6, "DNK"), (7, "NZL"))])
        heads, next_of_nzl = positions[:3], positions[3]
        with client.consume_group(group=name) as first:
            assert sorted(next(first).position for _ in heads) == heads
            # The second NOR-NZL event waits for the first to be acknowledged.
            state = client.get_group(name=name).state
            assert (state.consumer_count, state.in_flight_count) == (1, 3)
        assert list(first) == []  # Left: the iteration is over.
        with client.consume_group(group=name) as second:
            again = [next(second) for _ in heads]
            # Not the second NOR-NZL event: the first comes again before it.
            assert sorted(delivery.position for delivery in again) == heads
            # The first deliveries failed when their consumer left without acknowledging them
            # (the group is still served when another joins, so their attempts are counted).
            assert [delivery.attempt for delivery in again] == [2, 2, 2]
            second.ack(*heads)
            later = next(second)  # Once the one before it is acknowledged.
            assert (later.position, later.attempt) == (next_of_nzl, 1)
            second.ack(later.position)
            wait_until(lambda: checkpoint(client, name) == positions[-1], "checkpoint")


def test_acknowledgements_made_just_before_leaving_are_sent(server):
    name = new_group_name()
    with Client(server.address) as client:
        client.create_group(group={"name": name, "source": "GROUP_SOURCE_LOG"})
        # Three streams, so all three are delivered at once and acknowledged just before leaving.
        positions = record(client, [new_event(day, partner) for day, partner in
                                    ((7, "NZL"), (8, "SWE"), (9, "DNK"))])
        with client.consume_group(group=name) as consumer:
            unacknowledged = set(positions)
            for delivery in consumer:
                consumer.ack(delivery.position)
                unacknowledged.discard(delivery.position)
                if not unacknowledged:
                    break
        wait_until(lambda: checkpoint(client, name) == positions[-1], "checkpoint")
        later = record(client, [new_event(10)])
        with client.consume_group(group=name) as consumer:
            delivery = next(consumer)  # Not one of those acknowledged again.
            assert (delivery.position, delivery.attempt) == (later[0], 1)


def test_refusals_and_heartbeats_are_reported(server):
    name = new_group_name()
    refusals: queue.Queue = queue.Queue()
    with Client(server.address) as client:
        client.create_group(group={"name": name, "source": "GROUP_SOURCE_LOG"})
        positions = record(client, [new_event(11)])
        consumer = client.consume_group(group=name, consumer_name="watcher",
                                        on_refused=refusals.put)
        with consumer:
            delivery = next(consumer)
            assert consumer.consumer_name == "watcher"
            consumer.ack(delivery.position, 10**9)
            # Refusals and heartbeats arrive as the iteration reads.
            reader = threading.Thread(target=lambda: list(consumer))
            reader.start()
            refused = refusals.get(timeout=10)
            assert list(refused.positions) == [10**9] and refused.reason
            wait_until(lambda: consumer.checkpoint == positions[0]
                       and consumer.head_position is not None, "heartbeat")
            assert consumer.head_position >= positions[0]
        reader.join(10)
        assert not reader.is_alive()


def test_an_error_it_does_not_retry_ends_the_iteration(server):
    name = new_group_name()
    with Client(server.address) as client:
        with client.consume_group(group=name) as lost:
            with pytest.raises(ChanceryError) as missing:
                next(lost)
            assert missing.value.code == grpc.StatusCode.NOT_FOUND
            assert list(lost) == []
        client.create_group(group={"name": name, "source": "GROUP_SOURCE_LOG"})
        record(client, [new_event(12)])
        with client.consume_group(group=name) as consumer:
            assert isinstance(consumer, GroupConsumer)
            next(consumer)
            client.delete_group(name=name)
            with pytest.raises(ChanceryError) as deleted:
                next(consumer)
            assert deleted.value.code == grpc.StatusCode.NOT_FOUND


def test_the_async_consumer(server, caplog):
    async def main() -> None:
        async with AsyncClient(server.address) as client:
            name = new_group_name()
            created = await client.create_group(group={"name": name, "source": "GROUP_SOURCE_LOG"})
            assert created.created
            assert (await client.get_group(name=name)).group.name == name
            received = []
            async with client.consume_group(group=name, consumer_name="async",
                                            max_in_flight=2) as consumer:
                async def consume() -> None:
                    async for delivery in consumer:
                        received.append(delivery)
                        consumer.ack(delivery.position)
                task = asyncio.ensure_future(consume())
                events = [new_event(day) for day in (13, 14, 15)]
                positions = [result.position for result in
                             (await client.record_events(events=events)).results]
                for _ in range(200):
                    if (await client.get_group(name=name)).state.checkpoint == positions[-1]:
                        break
                    await asyncio.sleep(0.05)
                assert [delivery.position for delivery in received] == positions
                assert consumer.consumer_name == "async"
                consumer.ack(10**9)  # Refused; without on_refused, logged.
                for _ in range(200):
                    if "refused" in caplog.text:
                        break
                    await asyncio.sleep(0.05)
            await asyncio.wait_for(task, 10)  # Leaving ended the iteration.
            assert [delivery async for delivery in consumer] == []
            assert (await client.list_groups()).groups
            await client.delete_group(name=name)

    with caplog.at_level(logging.WARNING, logger="chancery"):
        asyncio.run(main())
    assert "refused" in caplog.text and str(10**9) in caplog.text


def test_an_async_consumer_joins_again_after_a_restart(tmp_path):
    server = Chanceryd(tmp_path / "chancery.db")
    server.start()

    async def main() -> None:
        async with AsyncClient(server.address, wait_for_ready=True) as client:
            name = new_group_name()
            await client.create_group(group={"name": name, "source": "GROUP_SOURCE_LOG"})
            first = (await client.record_events(events=[new_event(16)])).results[0].position
            async with client.consume_group(group=name) as consumer:
                assert (await consumer.__anext__()).position == first
                server.restart()
                again = await consumer.__anext__()  # Held unacknowledged: delivered again.
                assert again.position == first
                consumer.ack(first)
                later = (await client.record_events(events=[new_event(17)])).results[0].position
                assert (await consumer.__anext__()).position == later
    try:
        asyncio.run(main())
    finally:
        server.stop()
