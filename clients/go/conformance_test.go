package chancery_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"chancery.org/chancery"
	pb "chancery.org/chancery/gen/chancery/v1"
)

type vector struct {
	Server serverSecurity `json:"server"`
	Steps  []step         `json:"steps"`
}

type step struct {
	Op              string          `json:"op"`
	As              string          `json:"as"`
	Name            string          `json:"name"`
	Subscription    string          `json:"subscription"`
	Request         json.RawMessage `json:"request"`
	FromNow         bool            `json:"fromNow"`
	RetryUntilMatch bool            `json:"retryUntilMatch"`
	Consumer        string          `json:"consumer"`
	Positions       []uint64        `json:"positions"`
	Reason          string          `json:"reason"`
	Expect          struct {
		Position *uint64        `json:"position"`
		Response any            `json:"response"`
		Items    *[]any         `json:"items"`
		Error    *expectedError `json:"error"`
	} `json:"expect"`
}

type expectedError struct {
	Code             string    `json:"code"`
	FieldViolations  *[]string `json:"fieldViolations"`
	RevisionConflict any       `json:"revisionConflict"`
}

// unaryOp calls one unary method with a request given in proto JSON.
type unaryOp func(c *chancery.Client, request json.RawMessage) (proto.Message, error)

func unary[Req, Resp proto.Message](call func(*chancery.Client, context.Context, Req) (Resp, error),
	newRequest func() Req) unaryOp {
	return func(c *chancery.Client, request json.RawMessage) (proto.Message, error) {
		req := newRequest()
		if err := protojson.Unmarshal(request, req); err != nil {
			return nil, err
		}
		return call(c, context.Background(), req)
	}
}

var unaryOps = map[string]unaryOp{
	"record":            unary((*chancery.Client).RecordEvents, func() *pb.RecordEventsRequest { return &pb.RecordEventsRequest{} }),
	"retract":           unary((*chancery.Client).RetractEvent, func() *pb.RetractEventRequest { return &pb.RetractEventRequest{} }),
	"getRelationship":   unary((*chancery.Client).GetRelationship, func() *pb.GetRelationshipRequest { return &pb.GetRelationshipRequest{} }),
	"listRelationships": unary((*chancery.Client).ListRelationships, func() *pb.ListRelationshipsRequest { return &pb.ListRelationshipsRequest{} }),
	"readLog":           unary((*chancery.Client).ReadLog, func() *pb.ReadLogRequest { return &pb.ReadLogRequest{} }),
	"readStream":        unary((*chancery.Client).ReadStream, func() *pb.ReadStreamRequest { return &pb.ReadStreamRequest{} }),

	// SubscriptionGroupService
	"createGroup":        unary((*chancery.Client).CreateGroup, func() *pb.CreateGroupRequest { return &pb.CreateGroupRequest{} }),
	"getGroup":           unary((*chancery.Client).GetGroup, func() *pb.GetGroupRequest { return &pb.GetGroupRequest{} }),
	"listGroups":         unary(listGroups, func() *pb.ListGroupsRequest { return &pb.ListGroupsRequest{} }),
	"resetGroup":         unary((*chancery.Client).ResetGroup, func() *pb.ResetGroupRequest { return &pb.ResetGroupRequest{} }),
	"deleteGroup":        unary((*chancery.Client).DeleteGroup, func() *pb.DeleteGroupRequest { return &pb.DeleteGroupRequest{} }),
	"listParkedEvents":   unary((*chancery.Client).ListParkedEvents, func() *pb.ListParkedEventsRequest { return &pb.ListParkedEventsRequest{} }),
	"replayParkedEvents": unary((*chancery.Client).ReplayParkedEvents, func() *pb.ReplayParkedEventsRequest { return &pb.ReplayParkedEventsRequest{} }),
}

// listGroups is ListGroups taking the empty request the vectors give.
func listGroups(c *chancery.Client, ctx context.Context, _ *pb.ListGroupsRequest) (*pb.ListGroupsResponse, error) {
	return c.ListGroups(ctx)
}

// callUnary makes a step's unary call; with retryUntilMatch, again every 100 ms for up to
// 10 s until its response matches expect.response.
func callUnary(t *testing.T, client *chancery.Client, s step) (proto.Message, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		response, err := unaryOps[s.Op](client, s.Request)
		if !s.RetryUntilMatch || time.Now().After(deadline) ||
			err == nil && len(mismatches(s.Expect.Response, toJSON(t, response), "$")) == 0 {
			return response, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// subscription is an open subscription or group consumer of any item type, read by a
// goroutine of its own into a queue (as the C++ runner's subscriptions are read by the client
// library's thread), so that it can catch up while the vector runs other steps.
type subscription struct {
	mu       sync.Mutex
	arrived  *sync.Cond
	results  []result // items, then the error that ended the subscription
	caughtUp <-chan struct{}
	position func() (uint64, bool)
	close    func()
	consumer *chancery.GroupConsumer // nil for a subscription
}

type result struct {
	item proto.Message
	err  error
}

// readSubscription starts reading s into the queue of a new subscription.
func readSubscription[T proto.Message](s *chancery.Subscription[T]) *subscription {
	return read(&subscription{caughtUp: s.CaughtUp(), position: s.CaughtUpPosition, close: s.Close}, s.Next)
}

// readConsumer starts reading c into the queue of a new subscription.
func readConsumer(c *chancery.GroupConsumer) *subscription {
	return read(&subscription{close: c.Close, consumer: c}, c.Next)
}

// read starts reading the items of next into opened's queue.
func read[T proto.Message](opened *subscription, next func() (T, error)) *subscription {
	opened.arrived = sync.NewCond(&opened.mu)
	go func() {
		for {
			item, err := next()
			opened.mu.Lock()
			opened.results = append(opened.results, result{item, err})
			opened.arrived.Broadcast()
			opened.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return opened
}

// next is the next item or error of the queue, waiting for it; an error stays at the head.
func (s *subscription) next() (proto.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.results) == 0 {
		s.arrived.Wait()
	}
	first := s.results[0]
	if first.err == nil {
		s.results = s.results[1:]
	}
	return first.item, first.err
}

// caughtUpPosition waits up to 30 s for the subscription to report that it caught up, and
// returns the position it reported.
func (s *subscription) caughtUpPosition() (uint64, error) {
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	select {
	case <-s.caughtUp:
		position, _ := s.position()
		return position, nil
	case <-timer.C:
		return 0, errors.New("not caught up within 30 s")
	}
}

var subscriptionOps = map[string]func(c *chancery.Client, request json.RawMessage, opts []chancery.SubscribeOption) (*subscription, error){
	"subscribeLog": func(c *chancery.Client, request json.RawMessage, opts []chancery.SubscribeOption) (*subscription, error) {
		req := &pb.SubscribeLogRequest{}
		if err := protojson.Unmarshal(request, req); err != nil {
			return nil, err
		}
		return readSubscription(c.SubscribeLog(context.Background(), req, opts...)), nil
	},
	"watchRelationships": func(c *chancery.Client, request json.RawMessage, opts []chancery.SubscribeOption) (*subscription, error) {
		req := &pb.WatchRelationshipsRequest{}
		if err := protojson.Unmarshal(request, req); err != nil {
			return nil, err
		}
		return readSubscription(c.WatchRelationships(context.Background(), req, opts...)), nil
	},
}

// TestConformance runs every vector of tests/conformance/vectors against its own chanceryd.
func TestConformance(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(repoRoot, "tests", "conformance", "vectors", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no vectors: %v", err)
	}
	pki := makeTestPKI(t)
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".json"), func(t *testing.T) { runVector(t, pki, path) })
	}
}

func runVector(t *testing.T, pki testPKI, path string) {
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v vector
	if err := json.Unmarshal(text, &v); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	server := startChanceryd(t, dir, v.Server.flags(t, pki, dir))
	clients := map[string]*chancery.Client{} // One per principal ("as"), "" for no token.
	subscriptions := map[string]*subscription{}
	t.Cleanup(func() {
		for _, s := range subscriptions {
			s.close()
		}
		for _, c := range clients {
			c.Close()
		}
	})
	for i, s := range v.Steps {
		where := fmt.Sprintf("step %d (%s)", i, s.Op)
		client := clients[s.As]
		if client == nil {
			// Just after a restart the channel may still be reconnecting (round_robin reconnects
			// at once and, refused, waits out a backoff): calls wait for it, as the C++ runner's do.
			ready := chancery.WithDialOptions(grpc.WithDefaultCallOptions(grpc.WaitForReady(true)))
			if client, err = chancery.New(server.address(), append(v.Server.clientOptions(t, pki, s.As), ready)...); err != nil {
				t.Fatal(err)
			}
			clients[s.As] = client
		}
		switch {
		case unaryOps[s.Op] != nil:
			response, err := callUnary(t, client, s)
			check(t, where, s, err, func() any { return toJSON(t, response) }, s.Expect.Response)
		case s.Op == "health":
			response, err := client.Health(context.Background())
			check(t, where, s, err, func() any { return toJSON(t, response) }, s.Expect.Response)
		case subscriptionOps[s.Op] != nil:
			var opts []chancery.SubscribeOption
			if s.FromNow {
				opts = append(opts, chancery.FromNow())
			}
			opened, err := subscriptionOps[s.Op](client, s.Request, opts)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			subscriptions[s.Name] = opened
		case s.Op == "consumeGroup":
			join := &pb.JoinGroup{}
			if err := protojson.Unmarshal(s.Request, join); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			subscriptions[s.Name] = readConsumer(client.ConsumeGroup(context.Background(), join))
		case s.Op == "ack":
			if err := subscriptions[s.Consumer].consumer.Ack(s.Positions...); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
		case s.Op == "nack":
			if err := subscriptions[s.Consumer].consumer.Nack(s.Reason, s.Positions...); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
		case s.Op == "next":
			items, err := nextItems(subscriptions[s.Subscription], s)
			var want any
			if s.Expect.Items != nil {
				want = *s.Expect.Items
			}
			check(t, where, s, err, func() any { return toJSONList(t, items) }, want)
		case s.Op == "caughtUp":
			position, err := subscriptions[s.Subscription].caughtUpPosition()
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if s.Expect.Position != nil && position != *s.Expect.Position {
				t.Fatalf("%s: caught up at position %d, expected %d", where, position, *s.Expect.Position)
			}
		case s.Op == "cancel":
			subscriptions[s.Subscription].close()
			delete(subscriptions, s.Subscription)
		case s.Op == "restartServer":
			server.restart()
		default:
			t.Fatalf("%s: unknown op", where)
		}
	}
}

// nextItems reads as many items as expected, or one when an error is expected instead.
func nextItems(s *subscription, st step) ([]proto.Message, error) {
	count := 1
	if st.Expect.Items != nil {
		count = len(*st.Expect.Items)
	}
	var items []proto.Message
	for range count {
		item, err := s.next()
		if err != nil {
			return items, err
		}
		items = append(items, item)
	}
	return items, nil
}

// check compares a call's outcome with the step's expectation: its error with expect.error,
// or its result (as JSON, from actual) with want when want is given.
func check(t *testing.T, where string, s step, err error, actual func() any, want any) {
	t.Helper()
	if s.Expect.Error != nil {
		checkError(t, where, err, s.Expect.Error)
		return
	}
	if err != nil {
		t.Fatalf("%s: unexpected error %v", where, err)
	}
	if want != nil {
		if problems := mismatches(want, actual(), "$"); len(problems) > 0 {
			t.Fatalf("%s: %s", where, strings.Join(problems, "; "))
		}
	}
}

func checkError(t *testing.T, where string, err error, want *expectedError) {
	t.Helper()
	var got *chancery.Error
	if !errors.As(err, &got) {
		t.Fatalf("%s: expected %s, got %v", where, want.Code, err)
	}
	if codeNames[got.Code()] != want.Code {
		t.Fatalf("%s: expected %s, got %v", where, want.Code, got)
	}
	if want.FieldViolations != nil {
		fields := slices.Sorted(slices.Values(got.FieldViolations()))
		wanted := slices.Sorted(slices.Values(*want.FieldViolations))
		if !slices.Equal(fields, wanted) {
			t.Fatalf("%s: field violations %v, expected %v", where, fields, wanted)
		}
	}
	if want.RevisionConflict != nil {
		conflict := got.RevisionConflict()
		if conflict == nil {
			t.Fatalf("%s: no RevisionConflict detail in %v", where, got)
		}
		if problems := mismatches(want.RevisionConflict, toJSON(t, conflict), "$"); len(problems) > 0 {
			t.Fatalf("%s: revision conflict: %s", where, strings.Join(problems, "; "))
		}
	}
}

// toJSON prints a message in proto JSON with every field, defaults included, and parses it.
func toJSON(t *testing.T, message proto.Message) any {
	text, err := protojson.MarshalOptions{EmitUnpopulated: true}.Marshal(message)
	if err != nil {
		t.Fatal(err)
	}
	var parsed any
	if err := json.Unmarshal(text, &parsed); err != nil {
		t.Fatal(err)
	}
	return parsed
}

func toJSONList(t *testing.T, messages []proto.Message) any {
	list := []any{}
	for _, message := range messages {
		list = append(list, toJSON(t, message))
	}
	return list
}

// codeNames are the canonical status code names the vectors use.
var codeNames = map[codes.Code]string{
	codes.OK: "OK", codes.Canceled: "CANCELLED", codes.Unknown: "UNKNOWN",
	codes.InvalidArgument: "INVALID_ARGUMENT", codes.DeadlineExceeded: "DEADLINE_EXCEEDED",
	codes.NotFound: "NOT_FOUND", codes.AlreadyExists: "ALREADY_EXISTS",
	codes.PermissionDenied: "PERMISSION_DENIED", codes.ResourceExhausted: "RESOURCE_EXHAUSTED",
	codes.FailedPrecondition: "FAILED_PRECONDITION", codes.Aborted: "ABORTED",
	codes.OutOfRange: "OUT_OF_RANGE", codes.Unimplemented: "UNIMPLEMENTED", codes.Internal: "INTERNAL",
	codes.Unavailable: "UNAVAILABLE", codes.DataLoss: "DATA_LOSS", codes.Unauthenticated: "UNAUTHENTICATED",
}
