package chancery

import (
	"context"
	"io"
	"iter"

	"google.golang.org/protobuf/proto"

	pb "chancery.org/chancery/gen/chancery/v1"
)

// All ranges over the subscription's items, as Next returns them: the loop gets each item
// with a nil error, and ends after the first error (an *Error, given with a zero item).
// Breaking out of the loop leaves the subscription open (Close it, or cancel its context);
// ranging again continues after the last item received.
//
//	for record, err := range sub.All() { ... }
func (s *Subscription[T]) All() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for {
			item, err := s.Next()
			if !yield(item, err) || err != nil {
				return
			}
		}
	}
}

// LogRecords ranges over every record ReadLog returns for req, page after page (following
// next_page_token), up to the head of the log as it is when the last page is read. Each page
// is one call, bounded by the Client's timeout. The loop ends after the first error.
func (c *Client) LogRecords(ctx context.Context, req *pb.ReadLogRequest) iter.Seq2[*pb.LogRecord, error] {
	return pages(ctx, c.ReadLog, req, (*pb.ReadLogResponse).GetRecords, (*pb.ReadLogResponse).GetNextPageToken,
		func(r *pb.ReadLogRequest, token string) { r.PageToken = token })
}

// StreamRecords ranges over every record ReadStream returns for req, page after page, in
// req's direction.
func (c *Client) StreamRecords(ctx context.Context, req *pb.ReadStreamRequest) iter.Seq2[*pb.LogRecord, error] {
	return pages(ctx, c.ReadStream, req, (*pb.ReadStreamResponse).GetRecords, (*pb.ReadStreamResponse).GetNextPageToken,
		func(r *pb.ReadStreamRequest, token string) { r.PageToken = token })
}

// Relationships ranges over every relationship ListRelationships returns for req, page after
// page (the pages share the first page's as_of_date and known_at).
func (c *Client) Relationships(ctx context.Context, req *pb.ListRelationshipsRequest) iter.Seq2[*pb.Relationship, error] {
	return pages(ctx, c.ListRelationships, req, (*pb.ListRelationshipsResponse).GetRelationships,
		(*pb.ListRelationshipsResponse).GetNextPageToken,
		func(r *pb.ListRelationshipsRequest, token string) { r.PageToken = token })
}

// TimelineEntries ranges over every event of GetTimeline's pages for req; call GetTimeline
// for the monthly aggregates.
func (c *Client) TimelineEntries(ctx context.Context, req *pb.GetTimelineRequest) iter.Seq2[*pb.TimelineEntry, error] {
	return pages(ctx, c.GetTimeline, req, (*pb.GetTimelineResponse).GetEntries, (*pb.GetTimelineResponse).GetNextPageToken,
		func(r *pb.GetTimelineRequest, token string) { r.PageToken = token })
}

// ParkedEvents ranges over every parked event of a group ListParkedEvents returns for req,
// page after page, in ascending position.
func (c *Client) ParkedEvents(ctx context.Context, req *pb.ListParkedEventsRequest) iter.Seq2[*pb.ParkedEvent, error] {
	return pages(ctx, c.ListParkedEvents, req, (*pb.ListParkedEventsResponse).GetEvents,
		(*pb.ListParkedEventsResponse).GetNextPageToken,
		func(r *pb.ListParkedEventsRequest, token string) { r.PageToken = token })
}

// pages ranges over the items of a paged read: read calls it with req, then with a copy of
// req whose page token (set by setToken) is the previous page's next token, until there is
// none.
func pages[Req proto.Message, Resp any, T any](ctx context.Context, read func(context.Context, Req) (Resp, error),
	req Req, items func(Resp) []T, nextToken func(Resp) string, setToken func(Req, string)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		page := req
		for {
			resp, err := read(ctx, page)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items(resp) {
				if !yield(item, nil) {
					return
				}
			}
			token := nextToken(resp)
			if token == "" {
				return
			}
			page = proto.Clone(req).(Req)
			setToken(page, token)
		}
	}
}

// ExportLog ranges over every record from req.StartPosition to the head of the log as it is
// when the call starts, in ascending position. The stream has no timeout (ctx bounds it);
// after an error, call again with StartPosition one past the last record received.
func (c *Client) ExportLog(ctx context.Context, req *pb.ExportLogRequest) iter.Seq2[*pb.LogRecord, error] {
	return stream(ctx, func(ctx context.Context) (receiver[*pb.ExportLogResponse], error) {
		return c.audit.ExportLog(ctx, req)
	}, (*pb.ExportLogResponse).GetRecord)
}

// ReplayRelationship ranges over a dyad's events in date order, each with the relationship's
// state just after it. The stream has no timeout (ctx bounds it).
func (c *Client) ReplayRelationship(ctx context.Context, req *pb.ReplayRelationshipRequest) iter.Seq2[*pb.ReplayRelationshipResponse, error] {
	return stream(ctx, func(ctx context.Context) (receiver[*pb.ReplayRelationshipResponse], error) {
		return c.audit.ReplayRelationship(ctx, req)
	}, func(resp *pb.ReplayRelationshipResponse) *pb.ReplayRelationshipResponse { return resp })
}

// stream ranges over a finite server stream opened by start, each response made an item by
// item; errors are *Error. Leaving the loop early cancels the stream.
func stream[Resp, T any](ctx context.Context, start func(context.Context) (receiver[Resp], error),
	item func(Resp) T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var zero T
		s, err := start(ctx)
		if err != nil {
			yield(zero, newError(err))
			return
		}
		for {
			resp, err := s.Recv()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(zero, newError(err))
				return
			}
			if !yield(item(resp), nil) {
				return
			}
		}
	}
}
