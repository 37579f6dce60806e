package chancery_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/type/date"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"chancery.org/chancery"
	pb "chancery.org/chancery/gen/chancery/v1"
)

// createGroup creates a group of the whole log, with maxAttempts (0 for the default), that
// delivers what is recorded after the head.
func createGroup(t *testing.T, client *chancery.Client, name string, maxAttempts uint32) {
	t.Helper()
	_, err := client.CreateGroup(context.Background(), &pb.CreateGroupRequest{Group: &pb.SubscriptionGroup{
		Name: name, Source: pb.GroupSource_GROUP_SOURCE_LOG, MaxAttempts: maxAttempts}})
	if err != nil {
		t.Fatal(err)
	}
}

// recordDyads records, for each day from 1 to days of January 2021, a cooperative event of
// NOR with each partner, in that order.
func recordDyads(t *testing.T, client *chancery.Client, days int32, partners ...string) {
	t.Helper()
	var events []*pb.DiplomaticEvent
	for day := range days {
		for _, partner := range partners {
			events = append(events, &pb.DiplomaticEvent{EventId: newID(), CameoCode: "036",
				OccurDate: &date.Date{Year: 2021, Month: 1, Day: day + 1},
				Source:    &pb.Actor{Code: "NOR"}, Target: &pb.Actor{Code: partner}})
		}
	}
	if _, err := client.RecordEvents(context.Background(), &pb.RecordEventsRequest{Events: events}); err != nil {
		t.Fatal(err)
	}
}

// waitForGroup waits up to 20 s for the group's state to satisfy ok (acknowledgements travel
// on the consumers' streams, and reach the server a moment after they are sent).
func waitForGroup(t *testing.T, client *chancery.Client, name string, ok func(*pb.GroupState) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := client.GetGroup(context.Background(), &pb.GetGroupRequest{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		if ok(got.GetState()) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s: state %v after 20 s", name, got.GetState())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// nextDeliveries reads count deliveries of consumer, within 20 s, from a goroutine of their
// own (so that the caller may close another consumer meanwhile).
func nextDeliveries(consumer *chancery.GroupConsumer, count int) <-chan []*pb.GroupDelivery {
	read := make(chan []*pb.GroupDelivery, 1)
	go func() {
		var deliveries []*pb.GroupDelivery
		for delivery, err := range consumer.All() {
			if err != nil {
				break
			}
			if deliveries = append(deliveries, delivery); len(deliveries) == count {
				break
			}
		}
		read <- deliveries
	}()
	return read
}

func receive(t *testing.T, what string, read <-chan []*pb.GroupDelivery) []*pb.GroupDelivery {
	t.Helper()
	select {
	case deliveries := <-read:
		return deliveries
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: no deliveries within 20 s", what)
		return nil
	}
}

// requireNothingYet fails if read yields deliveries within wait: the server holds them back.
// read stays readable, for the deliveries that come later.
func requireNothingYet(t *testing.T, what string, read <-chan []*pb.GroupDelivery, wait time.Duration) {
	t.Helper()
	select {
	case deliveries := <-read:
		t.Fatalf("%s: %s delivered, expected nothing yet", what, describe(deliveries))
	case <-time.After(wait):
	}
}

// describe is "position/attempt" for each delivery.
func describe(deliveries []*pb.GroupDelivery) string {
	var parts []string
	for _, delivery := range deliveries {
		parts = append(parts, fmt.Sprintf("%d/%d", delivery.GetPosition(), delivery.GetAttempt()))
	}
	return fmt.Sprint(parts)
}

// describeByPosition is describe of the deliveries in position order: the events of different
// streams may come in any order.
func describeByPosition(deliveries []*pb.GroupDelivery) string {
	sorted := slices.Clone(deliveries)
	slices.SortFunc(sorted, func(a, b *pb.GroupDelivery) int { return cmp.Compare(a.GetPosition(), b.GetPosition()) })
	return describe(sorted)
}

// holdBack is how long a test waits to see that the server holds an event back.
const holdBack = 500 * time.Millisecond

func TestTwoConsumersShareAGroupStreamByStream(t *testing.T) {
	client := serverWithEvents(t, 0)
	ctx := context.Background()
	createGroup(t, client, "shared", 0)

	// Both join before anything is recorded, and each holds at most 2 events, so that neither
	// can take everything.
	type delivered struct {
		consumer int
		stream   string
		position uint64
	}
	var mu sync.Mutex
	var got []delivered
	ended := make(chan error, 2)
	var consumers [2]*chancery.GroupConsumer
	for i := range consumers {
		consumers[i] = client.ConsumeGroup(ctx, &pb.JoinGroup{Group: "shared", ConsumerName: fmt.Sprint("consumer-", i),
			MaxInFlight: 2})
		defer consumers[i].Close()
		go func() {
			for delivery, err := range consumers[i].All() {
				if err == nil {
					mu.Lock()
					got = append(got, delivered{i, delivery.GetRecord().GetStream(), delivery.GetPosition()})
					mu.Unlock()
					err = consumers[i].Ack(delivery.GetPosition())
				}
				if err != nil {
					ended <- err
					return
				}
			}
		}()
	}
	waitForGroup(t, client, "shared", func(s *pb.GroupState) bool { return s.GetConsumerCount() == 2 })

	partners := []string{"NZL", "SWE", "DNK", "FIN", "ISL", "EST"}
	recordDyads(t, client, 4, partners...)
	events := uint64(4 * len(partners))
	waitForGroup(t, client, "shared", func(s *pb.GroupState) bool {
		return s.GetCheckpoint() == events && s.GetInFlightCount() == 0
	})
	for _, consumer := range consumers {
		consumer.Close()
	}
	for range consumers {
		requireContextError(t, "a closed consumer", <-ended, codes.Canceled, context.Canceled)
	}

	var positions []uint64
	streamConsumers := map[string][]int{}
	streamPositions := map[string][]uint64{}
	var perConsumer [2]int
	for _, d := range got {
		positions = append(positions, d.position)
		if !slices.Contains(streamConsumers[d.stream], d.consumer) {
			streamConsumers[d.stream] = append(streamConsumers[d.stream], d.consumer)
		}
		streamPositions[d.stream] = append(streamPositions[d.stream], d.position)
		perConsumer[d.consumer]++
	}
	for stream, in := range streamPositions {
		if !slices.IsSorted(in) {
			t.Errorf("stream %s delivered in the order %v, expected position order", stream, in)
		}
	}
	slices.Sort(positions)
	for i, position := range positions {
		if position != uint64(i+1) {
			t.Fatalf("delivered positions %v, expected 1 to %d once each", positions, events)
		}
	}
	if uint64(len(positions)) != events {
		t.Fatalf("delivered positions %v, expected 1 to %d once each", positions, events)
	}
	for stream, to := range streamConsumers {
		if len(to) != 1 {
			t.Errorf("stream %s went to consumers %v, expected one", stream, to)
		}
	}
	if perConsumer[0] == 0 || perConsumer[1] == 0 {
		t.Errorf("deliveries per consumer %v: expected both to share the events", perConsumer)
	}
}

// TestAConsumerThatLeavesHandsItsUnacknowledgedEventsOn: a consumer holds one event of each
// stream at a time (the next comes once the one before it is acknowledged), and when it leaves,
// what it held unacknowledged goes to a consumer that joined meanwhile, with attempt 2, still
// before anything later of its stream; the last to leave hands it to the next to join.
func TestAConsumerThatLeavesHandsItsUnacknowledgedEventsOn(t *testing.T) {
	client := serverWithEvents(t, 0)
	ctx := context.Background()
	createGroup(t, client, "handover", 0)
	recordDyads(t, client, 2, "NZL", "SWE") // 1 NOR-NZL, 2 NOR-SWE, 3 NOR-NZL, 4 NOR-SWE.

	// The first event of each stream, and nothing more of either before one is acknowledged.
	first := client.ConsumeGroup(ctx, &pb.JoinGroup{Group: "handover", ConsumerName: "first"})
	defer first.Close()
	if got := receive(t, "first", nextDeliveries(first, 2)); describeByPosition(got) != "[1/1 2/1]" {
		t.Fatalf("first consumer: %s, expected [1/1 2/1]", describe(got))
	}
	next := nextDeliveries(first, 1)
	requireNothingYet(t, "first, before an acknowledgement", next, holdBack)
	if err := first.Ack(1); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, "first, after acknowledging 1", next); describe(got) != "[3/1]" {
		t.Fatalf("first consumer, after acknowledging 1: %s, expected [3/1]", describe(got))
	}
	waitForGroup(t, client, "handover", func(s *pb.GroupState) bool {
		return s.GetCheckpoint() == 1 && s.GetInFlightCount() == 2
	})

	// The second joins while the first holds both streams, and gets nothing until it leaves.
	second := client.ConsumeGroup(ctx, &pb.JoinGroup{Group: "handover", ConsumerName: "second"})
	defer second.Close()
	handed := nextDeliveries(second, 2)
	waitForGroup(t, client, "handover", func(s *pb.GroupState) bool { return s.GetConsumerCount() == 2 })
	requireNothingYet(t, "second, while the first holds both streams", handed, holdBack)
	first.Close()
	_, err := first.Next()
	requireContextError(t, "the first consumer, closed", err, codes.Canceled, context.Canceled)
	if err := first.Ack(2); !errors.Is(err, context.Canceled) {
		t.Fatalf("Ack after Close: %v, expected CANCELLED", err)
	}

	got := receive(t, "second", handed)
	if describeByPosition(got) != "[2/2 3/2]" {
		t.Fatalf("second consumer: %s, expected the unacknowledged [2/2 3/2]", describe(got))
	}
	// 4 (NOR-SWE) waits for 2, whatever else is acknowledged.
	next = nextDeliveries(second, 1)
	if err := second.Ack(3); err != nil {
		t.Fatal(err)
	}
	waitForGroup(t, client, "handover", func(s *pb.GroupState) bool { return s.GetInFlightCount() == 1 })
	requireNothingYet(t, "second, with 2 unacknowledged", next, holdBack)
	if err := second.Ack(2); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, "second, after acknowledging 2", next); describe(got) != "[4/1]" {
		t.Fatalf("second consumer, after acknowledging 2: %s, expected [4/1]", describe(got))
	}
	waitForGroup(t, client, "handover", func(s *pb.GroupState) bool { return s.GetCheckpoint() == 3 })

	// The last consumer leaves holding 4; the group stays served for a while, so a consumer
	// that joins again (under the first's name) gets it with its attempt counted.
	second.Close()
	waitForGroup(t, client, "handover", func(s *pb.GroupState) bool { return s.GetConsumerCount() == 0 })
	again := client.ConsumeGroup(ctx, &pb.JoinGroup{Group: "handover", ConsumerName: "first"})
	defer again.Close()
	if got := receive(t, "first, joined again", nextDeliveries(again, 1)); describe(got) != "[4/2]" {
		t.Fatalf("first consumer, joined again: %s, expected the unacknowledged [4/2]", describe(got))
	}
	if err := again.Ack(4); err != nil {
		t.Fatal(err)
	}
	waitForGroup(t, client, "handover", func(s *pb.GroupState) bool {
		return s.GetCheckpoint() == 4 && s.GetInFlightCount() == 0
	})
}

// TestAConsumerReportsRefusalsAndHeartbeatsAndEndsWithItsGroup: OnRefused sees an
// acknowledgement of an event the consumer does not hold, Heartbeat the group's progress,
// ResetGroup delivers again, and a deleted group ends the consumer with NOT_FOUND.
func TestAConsumerReportsRefusalsAndHeartbeatsAndEndsWithItsGroup(t *testing.T) {
	client := serverWithEvents(t, 0)
	ctx := context.Background()
	createGroup(t, client, "watched", 0)
	recordDyads(t, client, 1, "NZL")

	refused := make(chan *pb.RefusedAcknowledgements, 1)
	consumer := client.ConsumeGroup(ctx, &pb.JoinGroup{Group: "watched"},
		chancery.OnRefused(func(r *pb.RefusedAcknowledgements) { refused <- r }))
	defer consumer.Close()
	if err := consumer.Ack(1); status.Code(err) != codes.Unavailable {
		t.Fatalf("Ack before the first Next: %v, expected UNAVAILABLE", err)
	}
	if consumer.Heartbeat() != nil {
		t.Fatal("a heartbeat before the first Next")
	}
	delivery, err := consumer.Next()
	if err != nil || delivery.GetPosition() != 1 {
		t.Fatalf("first delivery: %v, %v", delivery, err)
	}
	if err := consumer.Ack(1, 42); err != nil {
		t.Fatal(err)
	}

	// Next reads the refusal and the heartbeats while it waits for the redelivery after the
	// reset below.
	redelivered := nextDeliveries(consumer, 1)
	select {
	case r := <-refused:
		if fmt.Sprint(r.GetPositions()) != "[42]" || r.GetReason() == "" {
			t.Fatalf("refused %v (%q), expected 42 with a reason", r.GetPositions(), r.GetReason())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no refusal of position 42 within 20 s")
	}
	waitForGroup(t, client, "watched", func(s *pb.GroupState) bool { return s.GetCheckpoint() == 1 })
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if beat := consumer.Heartbeat(); beat.GetCheckpoint() == 1 && beat.GetHeadPosition() == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("heartbeat %v, expected checkpoint 1 and head 1 within 5 s", consumer.Heartbeat())
		}
	}

	reset, err := client.ResetGroup(ctx, &pb.ResetGroupRequest{Name: "watched",
		Target: &pb.ResetGroupRequest_AfterPosition{AfterPosition: 0}})
	if err != nil || reset.GetGroup().GetCheckpoint() != 0 {
		t.Fatalf("ResetGroup: %v, %v", reset, err)
	}
	if got := receive(t, "after the reset", redelivered); len(got) != 1 || got[0].GetPosition() != 1 {
		t.Fatalf("after the reset: %s, expected position 1 again", describe(got))
	}

	if _, err := client.DeleteGroup(ctx, &pb.DeleteGroupRequest{Name: "watched"}); err != nil {
		t.Fatal(err)
	}
	_, err = consumer.Next()
	var cerr *chancery.Error
	if !errors.As(err, &cerr) || cerr.Code() != codes.NotFound || errors.Is(err, context.Canceled) {
		t.Fatalf("consumer of a deleted group: %v, expected NOT_FOUND", err)
	}
}

// TestAConsumerThatMayNotJoinEnds: PERMISSION_DENIED and UNAUTHENTICATED end a consumer, which
// does not join again as after UNAVAILABLE (it would then end at the deadline instead).
func TestAConsumerThatMayNotJoinEnds(t *testing.T) {
	dir := t.TempDir()
	tokens := serverSecurity{Tokens: map[string]string{"ops": "admin", "ingest": "recorder"}}
	server := startChanceryd(t, dir, tokens.flags(t, "", dir))
	createGroup(t, newClient(t, server.address(), chancery.WithToken(tokenOf("ops"))), "guarded", 0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for principal, code := range map[string]codes.Code{"ingest": codes.PermissionDenied, "stranger": codes.Unauthenticated} {
		client := newClient(t, server.address(), chancery.WithToken(tokenOf(principal)))
		if _, err := client.ConsumeGroup(ctx, &pb.JoinGroup{Group: "guarded"}).Next(); status.Code(err) != code {
			t.Errorf("a consumer as %s: %v, expected %v", principal, err, code)
		}
	}
}

// TestParkedEventsPageByPage: events nacked at their last attempt are parked, and parking one
// lets the next of its stream come; ParkedEvents lists them page by page.
func TestParkedEventsPageByPage(t *testing.T) {
	client := serverWithEvents(t, 0)
	ctx := context.Background()
	createGroup(t, client, "parking", 1)
	recordDyads(t, client, 1, "NZL", "SWE")
	recordDyads(t, client, 1, "NZL") // 1 NOR-NZL, 2 NOR-SWE, 3 NOR-NZL.
	consumer := client.ConsumeGroup(ctx, &pb.JoinGroup{Group: "parking"})
	defer consumer.Close()
	if got := receive(t, "consumer", nextDeliveries(consumer, 2)); describeByPosition(got) != "[1/1 2/1]" {
		t.Fatalf("deliveries %s, expected [1/1 2/1]", describe(got))
	}
	next := nextDeliveries(consumer, 1)
	requireNothingYet(t, "consumer, before a nack", next, holdBack)
	if err := consumer.Nack("no handler", 1, 2); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, "consumer, after parking 1", next); describe(got) != "[3/1]" {
		t.Fatalf("after parking 1: %s, expected [3/1]", describe(got))
	}
	if err := consumer.Nack("no handler", 3); err != nil {
		t.Fatal(err)
	}
	waitForGroup(t, client, "parking", func(s *pb.GroupState) bool {
		return s.GetParkedCount() == 3 && s.GetCheckpoint() == 3
	})

	var parked []string
	for event, err := range client.ParkedEvents(ctx, &pb.ListParkedEventsRequest{Name: "parking", PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		parked = append(parked, fmt.Sprintf("%d %s %d %s", event.GetPosition(), event.GetStream(), event.GetAttempts(),
			event.GetLastError()))
	}
	want := "[1 NOR-NZL 1 no handler 2 NOR-SWE 1 no handler 3 NOR-NZL 1 no handler]"
	if fmt.Sprint(parked) != want {
		t.Fatalf("parked events %v, expected %s", parked, want)
	}
}
