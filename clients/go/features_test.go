package chancery_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/type/date"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"chancery.org/chancery"
	pb "chancery.org/chancery/gen/chancery/v1"
)

// newID is a fresh random UUID (version 4).
func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// event is a cooperative NOR-NZL event of the given day of January 2021.
func event(day int32) *pb.DiplomaticEvent {
	return &pb.DiplomaticEvent{EventId: newID(), CameoCode: "036",
		OccurDate: &date.Date{Year: 2021, Month: 1, Day: day},
		Source:    &pb.Actor{Code: "NOR"}, Target: &pb.Actor{Code: "NZL"}}
}

// serverWithEvents starts chanceryd (with extra flags), records count events of NOR-NZL on
// days 1..count of January 2021, and returns a client of it.
func serverWithEvents(t *testing.T, count int, flags ...string) *chancery.Client {
	t.Helper()
	server := startChanceryd(t, t.TempDir(), flags)
	client, err := chancery.New(server.address())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	if count > 0 {
		var events []*pb.DiplomaticEvent
		for day := range count {
			events = append(events, event(int32(day+1)))
		}
		if _, err := client.RecordEvents(context.Background(), &pb.RecordEventsRequest{Events: events}); err != nil {
			t.Fatal(err)
		}
	}
	return client
}

// requireContextError checks that err is an *Error with code whose errors.Is holds for want.
func requireContextError(t *testing.T, what string, err error, code codes.Code, want error) {
	t.Helper()
	var cerr *chancery.Error
	if !errors.As(err, &cerr) || cerr.Code() != code {
		t.Fatalf("%s: want an *Error with %v, got %#v", what, code, err)
	}
	if !errors.Is(err, want) {
		t.Fatalf("%s: errors.Is(%v, %v) is false", what, err, want)
	}
	other := context.Canceled
	if want == context.Canceled {
		other = context.DeadlineExceeded
	}
	if errors.Is(err, other) {
		t.Fatalf("%s: errors.Is(%v, %v) is true", what, err, other)
	}
}

func TestCancellationIsContextError(t *testing.T) {
	client := serverWithEvents(t, 1)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancelExpired := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancelExpired()
	get := &pb.GetRelationshipRequest{Dyad: "NOR-NZL"}

	_, err := client.GetRelationship(canceled, get)
	requireContextError(t, "unary, canceled", err, codes.Canceled, context.Canceled)
	_, err = client.GetRelationship(expired, get)
	requireContextError(t, "unary, deadline", err, codes.DeadlineExceeded, context.DeadlineExceeded)

	_, err = client.SubscribeLog(canceled, &pb.SubscribeLogRequest{}).Next()
	requireContextError(t, "subscription, canceled", err, codes.Canceled, context.Canceled)
	_, err = client.WatchRelationships(expired, &pb.WatchRelationshipsRequest{}).Next()
	requireContextError(t, "subscription, deadline", err, codes.DeadlineExceeded, context.DeadlineExceeded)

	// Canceled after the first record, then while waiting for a live one.
	ctx, cancelLive := context.WithCancel(context.Background())
	live := client.SubscribeLog(ctx, &pb.SubscribeLogRequest{})
	if _, err := live.Next(); err != nil {
		t.Fatal(err)
	}
	go cancelLive()
	_, err = live.Next()
	requireContextError(t, "subscription, canceled live", err, codes.Canceled, context.Canceled)

	closed := client.SubscribeLog(context.Background(), &pb.SubscribeLogRequest{})
	closed.Close()
	_, err = closed.Next()
	requireContextError(t, "subscription, closed", err, codes.Canceled, context.Canceled)

	for _, err := range client.ExportLog(canceled, &pb.ExportLogRequest{}) {
		requireContextError(t, "export, canceled", err, codes.Canceled, context.Canceled)
	}
	for _, err := range client.LogRecords(expired, &pb.ReadLogRequest{}) {
		requireContextError(t, "paged read, deadline", err, codes.DeadlineExceeded, context.DeadlineExceeded)
	}

	// Other errors keep their code and are no context error.
	_, err = client.GetRelationship(context.Background(), &pb.GetRelationshipRequest{Dyad: "bad"})
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("INVALID_ARGUMENT taken for a context error: %v", err)
	}
}

// positions collects the positions of the records an iterator yields, failing on an error.
func positions(t *testing.T, records func(func(*pb.LogRecord, error) bool)) []uint64 {
	t.Helper()
	var got []uint64
	for record, err := range records {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, record.GetPosition())
	}
	return got
}

func TestIterators(t *testing.T) {
	client := serverWithEvents(t, 5)
	ctx := context.Background()
	want := "[1 2 3 4 5]"
	check := func(what string, got any) {
		t.Helper()
		if fmt.Sprint(got) != want {
			t.Fatalf("%s: %v, want %s", what, got, want)
		}
	}
	check("LogRecords", positions(t, client.LogRecords(ctx, &pb.ReadLogRequest{PageSize: 2})))
	check("StreamRecords", positions(t, client.StreamRecords(ctx, &pb.ReadStreamRequest{Stream: "NZL-NOR", PageSize: 2})))
	check("ExportLog", positions(t, client.ExportLog(ctx, &pb.ExportLogRequest{})))
	var timeline []uint64
	for entry, err := range client.TimelineEntries(ctx, &pb.GetTimelineRequest{Dyad: "NOR-NZL", PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		timeline = append(timeline, entry.GetRecord().GetPosition())
	}
	check("TimelineEntries", timeline)
	var replayed []uint64
	for step, err := range client.ReplayRelationship(ctx, &pb.ReplayRelationshipRequest{Dyad: "NOR-NZL"}) {
		if err != nil {
			t.Fatal(err)
		}
		if step.GetStateAfter().GetDyad() != "NOR-NZL" {
			t.Fatalf("replay state of %q", step.GetStateAfter().GetDyad())
		}
		replayed = append(replayed, step.GetRecord().GetPosition())
	}
	check("ReplayRelationship", replayed)

	// Leaving a loop early stops the iteration; a subscription continues where it was left.
	var early []uint64
	for record, err := range client.LogRecords(ctx, &pb.ReadLogRequest{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if early = append(early, record.GetPosition()); len(early) == 3 {
			break
		}
	}
	if fmt.Sprint(early) != "[1 2 3]" {
		t.Fatalf("early break: %v", early)
	}
	sub := client.SubscribeLog(ctx, &pb.SubscribeLogRequest{AfterPosition: 1})
	defer sub.Close()
	var subscribed []uint64
	for record, err := range sub.All() {
		if err != nil {
			t.Fatal(err)
		}
		if subscribed = append(subscribed, record.GetPosition()); len(subscribed) == 2 {
			break
		}
	}
	for record, err := range sub.All() {
		if err != nil {
			t.Fatal(err)
		}
		if subscribed = append(subscribed, record.GetPosition()); len(subscribed) == 4 {
			break
		}
	}
	if fmt.Sprint(subscribed) != "[2 3 4 5]" || sub.Position() != 5 {
		t.Fatalf("subscription: %v, position %d", subscribed, sub.Position())
	}

	var dyads []string
	for relationship, err := range client.Relationships(ctx, &pb.ListRelationshipsRequest{PageSize: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		dyads = append(dyads, relationship.GetDyad())
	}
	if fmt.Sprint(dyads) != "[NOR-NZL]" {
		t.Fatalf("Relationships: %v", dyads)
	}

	// An error ends the loop after one (zero, error) pair.
	count := 0
	for record, err := range client.StreamRecords(ctx, &pb.ReadStreamRequest{Stream: "not a stream"}) {
		count++
		var cerr *chancery.Error
		if record != nil || !errors.As(err, &cerr) || cerr.Code() != codes.InvalidArgument {
			t.Fatalf("bad stream: %v, %v", record, err)
		}
	}
	if count != 1 {
		t.Fatalf("bad stream: %d iterations", count)
	}
}

// signingKey writes a fresh Ed25519 private key (PKCS #8 PEM) for --signing-key.
func signingKey(t *testing.T) string {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "signing.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEveryCall(t *testing.T) {
	client := serverWithEvents(t, 3, "--signing-key="+signingKey(t))
	ctx := context.Background()

	observed, err := client.RecordObservations(ctx, &pb.RecordObservationsRequest{Observations: []*pb.RepresentationObservation{{
		ObservationId: newID(), ObserveDate: &date.Date{Year: 2021, Month: 2, Day: 1}, ACode: "NOR", BCode: "NZL",
		AInB: pb.ObservedRepresentation_OBSERVED_REPRESENTATION_AMBASSADOR}}})
	if err != nil || observed.GetResults()[0].GetPosition() != 4 {
		t.Fatalf("RecordObservations: %v, %v", observed, err)
	}
	timeline, err := client.GetTimeline(ctx, &pb.GetTimelineRequest{Dyad: "NZL-NOR",
		StartDate: &date.Date{Year: 2021, Month: 1, Day: 1}, EndDate: &date.Date{Year: 2021, Month: 1, Day: 31}})
	if err != nil || timeline.GetDyad() != "NOR-NZL" || len(timeline.GetEntries()) != 3 || len(timeline.GetMonths()) != 1 {
		t.Fatalf("GetTimeline: %v, %v", timeline, err)
	}
	profile, err := client.GetActorProfile(ctx, &pb.GetActorProfileRequest{ActorCode: "NOR",
		AsOfDate: &date.Date{Year: 2021, Month: 3, Day: 1}})
	if err != nil || profile.GetProfile().GetActorCode() != "NOR" || len(profile.GetProfile().GetPartners()) != 1 ||
		profile.GetProfile().GetPartners()[0].GetPartnerCode() != "NZL" {
		t.Fatalf("GetActorProfile: %v, %v", profile, err)
	}

	verified, err := client.VerifyLog(ctx)
	if err != nil || verified.GetVerifiedCount() != 4 || verified.GetFirstBadPosition() != 0 || len(verified.GetHeadHash()) != 32 {
		t.Fatalf("VerifyLog: %v, %v", verified, err)
	}
	checkpoint, err := client.GetCheckpoint(ctx)
	if err != nil || !strings.Contains(checkpoint.GetCheckpoint(), "\n4\n") {
		t.Fatalf("GetCheckpoint: %q, %v", checkpoint.GetCheckpoint(), err)
	}
	inclusion, err := client.GetInclusionProof(ctx, &pb.GetInclusionProofRequest{Position: 2, TreeSize: 4})
	if err != nil || inclusion.GetRecord().GetPosition() != 2 || len(inclusion.GetAuditPath()) != 2 {
		t.Fatalf("GetInclusionProof: %v, %v", inclusion, err)
	}
	consistency, err := client.GetConsistencyProof(ctx, &pb.GetConsistencyProofRequest{FirstSize: 3, SecondSize: 4})
	if err != nil || len(consistency.GetProof()) == 0 {
		t.Fatalf("GetConsistencyProof: %v, %v", consistency, err)
	}
	_, err = client.GetConsistencyProof(ctx, &pb.GetConsistencyProofRequest{FirstSize: 3, SecondSize: 99})
	var cerr *chancery.Error
	if !errors.As(err, &cerr) || cerr.Code() != codes.OutOfRange {
		t.Fatalf("GetConsistencyProof beyond the head: %v", err)
	}

	// The channel serves stubs of one's own.
	health, err := healthpb.NewHealthClient(client.Conn()).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil || health.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health through Conn: %v, %v", health, err)
	}
	head, err := pb.NewEventLogServiceClient(client.Conn()).ReadLog(ctx, &pb.ReadLogRequest{})
	if err != nil || head.GetHeadPosition() != 4 {
		t.Fatalf("ReadLog through Conn: %v, %v", head, err)
	}
}

func TestCheckpointNeedsSigningKey(t *testing.T) {
	client := serverWithEvents(t, 0)
	_, err := client.GetCheckpoint(context.Background())
	var cerr *chancery.Error
	if !errors.As(err, &cerr) || cerr.Code() != codes.FailedPrecondition {
		t.Fatalf("GetCheckpoint without --signing-key: %v", err)
	}
}

// TestSubscriptionFromNowAndCaughtUp: FromNow starts after the head whatever the request's
// after_position; CaughtUp, CaughtUpPosition and OnCaughtUp report the first CaughtUp marker
// once, and markers are no items.
func TestSubscriptionFromNowAndCaughtUp(t *testing.T) {
	client := serverWithEvents(t, 3)
	ctx := context.Background()
	var reported []uint64
	sub := client.SubscribeLog(ctx, &pb.SubscribeLogRequest{AfterPosition: 1}, chancery.FromNow(),
		chancery.OnCaughtUp(func(position uint64) { reported = append(reported, position) }))
	defer sub.Close()
	if sub.Position() != 3 {
		t.Fatalf("from now: position %d before the first Next, expected the head 3", sub.Position())
	}
	if _, ok := sub.CaughtUpPosition(); ok {
		t.Fatal("caught up before the stream was opened")
	}
	// Record the next event only once the subscription has caught up, from another goroutine
	// while Next waits.
	recorded := make(chan error, 1)
	go func() {
		<-sub.CaughtUp()
		_, err := client.RecordEvents(ctx, &pb.RecordEventsRequest{Events: []*pb.DiplomaticEvent{event(4)}})
		recorded <- err
	}()
	record, err := sub.Next()
	if err != nil {
		t.Fatal(err)
	}
	if err := <-recorded; err != nil {
		t.Fatal(err)
	}
	if position, ok := sub.CaughtUpPosition(); !ok || position != 3 || fmt.Sprint(reported) != "[3]" {
		t.Fatalf("caught up at %d (%v), reported %v; expected 3 once", position, ok, reported)
	}
	if record.GetPosition() != 4 || sub.Position() != 4 {
		t.Fatalf("first item at %d (subscription at %d), expected the live record 4", record.GetPosition(), sub.Position())
	}
	if _, err := client.RecordEvents(ctx, &pb.RecordEventsRequest{Events: []*pb.DiplomaticEvent{event(5)}}); err != nil {
		t.Fatal(err)
	}
	if record, err := sub.Next(); err != nil || record.GetPosition() != 5 {
		t.Fatalf("next live record: %v, %v", record, err)
	}
	if fmt.Sprint(reported) != "[3]" {
		t.Fatalf("caught-up reported %v, expected once", reported)
	}

	// A watch from now reports the same head, after no change.
	watch := client.WatchRelationships(ctx, &pb.WatchRelationshipsRequest{}, chancery.FromNow())
	defer watch.Close()
	go watch.Next() // Reads the marker, then waits for a change until Close.
	<-watch.CaughtUp()
	if position, _ := watch.CaughtUpPosition(); position != 5 {
		t.Fatalf("watch caught up at %d, expected 5", position)
	}

	// Reading the head with a canceled context fails, and Next says so.
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = client.SubscribeLog(canceled, &pb.SubscribeLogRequest{}, chancery.FromNow()).Next()
	requireContextError(t, "from now, canceled", err, codes.Canceled, context.Canceled)
}
