package chancery

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	pb "chancery.org/chancery/gen/chancery/v1"
)

// SubscribeLog returns every matching record after req.AfterPosition, then live ones, until
// ctx ends or the subscription is closed; it resumes after dropped connections and restarts.
func (c *Client) SubscribeLog(ctx context.Context, req *pb.SubscribeLogRequest) *Subscription[*pb.LogRecord] {
	return subscribe(ctx, c, req.GetAfterPosition(), unpackLog,
		func(ctx context.Context, after uint64) (receiver[*pb.SubscribeLogResponse], error) {
			resumed := proto.CloneOf(req)
			resumed.AfterPosition = after
			return c.log.SubscribeLog(ctx, resumed, grpc.WaitForReady(true))
		})
}

// WatchRelationships returns every relationship change after req.AfterPosition, then live
// ones, until ctx ends or the subscription is closed; it resumes like SubscribeLog.
func (c *Client) WatchRelationships(ctx context.Context, req *pb.WatchRelationshipsRequest) *Subscription[*pb.RelationshipChange] {
	return subscribe(ctx, c, req.GetAfterPosition(), unpackWatch,
		func(ctx context.Context, after uint64) (receiver[*pb.WatchRelationshipsResponse], error) {
			resumed := proto.CloneOf(req)
			resumed.AfterPosition = after
			return c.relations.WatchRelationships(ctx, resumed, grpc.WaitForReady(true))
		})
}

// receiver is a server stream of responses.
type receiver[Resp any] interface {
	Recv() (Resp, error)
}

// subscribe builds a Subscription from start, which opens the server stream after a
// position (waiting for the server to be ready rather than failing at once), and unpack,
// which splits a response into items and markers.
func subscribe[Resp, T any](ctx context.Context, c *Client, afterPosition uint64, unpack func(Resp) []positioned[T],
	start func(ctx context.Context, after uint64) (receiver[Resp], error)) *Subscription[T] {
	return newSubscription(ctx, afterPosition, c.backoff,
		func(ctx context.Context, after uint64) (func() ([]positioned[T], error), error) {
			stream, err := start(ctx, after)
			if err != nil {
				return nil, err
			}
			return func() ([]positioned[T], error) {
				resp, err := stream.Recv()
				if err != nil {
					return nil, err
				}
				return unpack(resp), nil
			}, nil
		})
}

func unpackLog(resp *pb.SubscribeLogResponse) []positioned[*pb.LogRecord] {
	switch content := resp.Content.(type) {
	case *pb.SubscribeLogResponse_Records:
		items := make([]positioned[*pb.LogRecord], 0, len(content.Records.GetRecords()))
		for _, record := range content.Records.GetRecords() {
			items = append(items, positioned[*pb.LogRecord]{item: record, hasItem: true, position: record.GetPosition()})
		}
		return items
	case *pb.SubscribeLogResponse_CaughtUp:
		return []positioned[*pb.LogRecord]{{position: content.CaughtUp.GetPosition()}}
	case *pb.SubscribeLogResponse_Checkpoint:
		return []positioned[*pb.LogRecord]{{position: content.Checkpoint.GetPosition()}}
	}
	return nil
}

func unpackWatch(resp *pb.WatchRelationshipsResponse) []positioned[*pb.RelationshipChange] {
	switch content := resp.Content.(type) {
	case *pb.WatchRelationshipsResponse_Change:
		return []positioned[*pb.RelationshipChange]{{item: content.Change, hasItem: true, position: content.Change.GetPosition()}}
	case *pb.WatchRelationshipsResponse_CaughtUp:
		return []positioned[*pb.RelationshipChange]{{position: content.CaughtUp.GetPosition()}}
	case *pb.WatchRelationshipsResponse_Checkpoint:
		return []positioned[*pb.RelationshipChange]{{position: content.Checkpoint.GetPosition()}}
	}
	return nil
}
