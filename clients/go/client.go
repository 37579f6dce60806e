// Package chancery is a Go client of Chancery's gRPC API (chancery.v1): a Client with the
// address, credentials and a timeout for unary calls, errors that expose chanceryd's status
// details, subscriptions and subscription-group consumers that resume by themselves, and
// range-over-func iterators over them, paged reads and the audit streams. The generated
// messages and stubs are in chancery.org/chancery/gen/chancery/v1.
package chancery

import (
	"context"
	"slices"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	pb "chancery.org/chancery/gen/chancery/v1"
)

// Client is a connection to chanceryd. It is safe for concurrent use.
type Client struct {
	conn      *grpc.ClientConn
	relations pb.RelationsServiceClient
	log       pb.EventLogServiceClient
	audit     pb.AuditServiceClient
	groups    pb.SubscriptionGroupServiceClient
	health    healthpb.HealthClient
	timeout   time.Duration
	backoff   Backoff
}

// Option configures a Client.
type Option func(*options)

type options struct {
	credentials credentials.TransportCredentials
	timeout     time.Duration
	backoff     Backoff
	dial        []grpc.DialOption
	security    security
}

// WithCredentials sets the transport credentials; the default is insecure (plaintext). Use
// WithTLSCA and WithClientCertificate instead for TLS (see security.go).
func WithCredentials(c credentials.TransportCredentials) Option {
	return func(o *options) { o.credentials = c }
}

// WithTimeout bounds each unary call (default 30 s; 0 for none). Subscriptions have none.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// WithBackoff sets the pause between resubscriptions (default DefaultBackoff).
func WithBackoff(b Backoff) Option { return func(o *options) { o.backoff = b } }

// WithDialOptions adds gRPC dial options.
func WithDialOptions(d ...grpc.DialOption) Option {
	return func(o *options) { o.dial = append(o.dial, d...) }
}

// New returns a Client of the chanceryd at servers: one "HOST:PORT" ("127.0.0.1:50051"; a
// host name whose DNS records list several replicas reaches them all), or several replicas
// as "IP:PORT,IP:PORT,..." (IPv4 or [IPv6], not both). Calls are spread over the replicas,
// and one that finds a replica unavailable is tried again on another. An address without a
// port, or a list with a host name, is an *Error with INVALID_ARGUMENT. It connects lazily.
func New(servers string, opts ...Option) (*Client, error) {
	o := options{credentials: insecure.NewCredentials(), timeout: 30 * time.Second, backoff: DefaultBackoff}
	for _, opt := range opts {
		opt(&o)
	}
	secure, err := o.security.dialOptions()
	if err != nil {
		return nil, err
	}
	target, dial, err := serversTarget(servers)
	if err != nil {
		return nil, err
	}
	// WithDialOptions comes after the service config, so that it can replace it; the security
	// options come last, so that they win over WithCredentials.
	conn, err := grpc.NewClient(target, slices.Concat(dial, o.dial,
		[]grpc.DialOption{grpc.WithTransportCredentials(o.credentials)}, secure)...)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, relations: pb.NewRelationsServiceClient(conn),
		log: pb.NewEventLogServiceClient(conn), audit: pb.NewAuditServiceClient(conn),
		groups: pb.NewSubscriptionGroupServiceClient(conn), health: healthpb.NewHealthClient(conn),
		timeout: o.timeout, backoff: o.backoff}, nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Conn is the Client's gRPC connection, with its security, replicas and retry policy, for
// stubs of its own (pb.NewAuditServiceClient(c.Conn()), a reflection client). Calls made
// through it get neither the Client's timeout nor its *Error.
func (c *Client) Conn() *grpc.ClientConn { return c.conn }

// RecordEvents records events (see RelationsService.RecordEvents).
func (c *Client) RecordEvents(ctx context.Context, req *pb.RecordEventsRequest) (*pb.RecordEventsResponse, error) {
	return unary(ctx, c, c.relations.RecordEvents, req)
}

// RetractEvent retracts a recorded event.
func (c *Client) RetractEvent(ctx context.Context, req *pb.RetractEventRequest) (*pb.RetractEventResponse, error) {
	return unary(ctx, c, c.relations.RetractEvent, req)
}

// RecordObservations records observations of diplomatic representation.
func (c *Client) RecordObservations(ctx context.Context, req *pb.RecordObservationsRequest) (*pb.RecordObservationsResponse, error) {
	return unary(ctx, c, c.relations.RecordObservations, req)
}

// GetRelationship returns one dyad's state.
func (c *Client) GetRelationship(ctx context.Context, req *pb.GetRelationshipRequest) (*pb.GetRelationshipResponse, error) {
	return unary(ctx, c, c.relations.GetRelationship, req)
}

// ListRelationships returns one page of relationships.
func (c *Client) ListRelationships(ctx context.Context, req *pb.ListRelationshipsRequest) (*pb.ListRelationshipsResponse, error) {
	return unary(ctx, c, c.relations.ListRelationships, req)
}

// GetTimeline returns one page of a dyad's timeline (the monthly aggregates come with the
// first page); TimelineEntries iterates every page's entries.
func (c *Client) GetTimeline(ctx context.Context, req *pb.GetTimelineRequest) (*pb.GetTimelineResponse, error) {
	return unary(ctx, c, c.relations.GetTimeline, req)
}

// GetActorProfile returns a country's partners and domestic record.
func (c *Client) GetActorProfile(ctx context.Context, req *pb.GetActorProfileRequest) (*pb.GetActorProfileResponse, error) {
	return unary(ctx, c, c.relations.GetActorProfile, req)
}

// ReadLog returns one page of the log.
func (c *Client) ReadLog(ctx context.Context, req *pb.ReadLogRequest) (*pb.ReadLogResponse, error) {
	return unary(ctx, c, c.log.ReadLog, req)
}

// Health is gRPC's health check of the whole server; it needs no token.
func (c *Client) Health(ctx context.Context) (*healthpb.HealthCheckResponse, error) {
	return unary(ctx, c, c.health.Check, &healthpb.HealthCheckRequest{})
}

// ReadStream returns one page of a stream.
func (c *Client) ReadStream(ctx context.Context, req *pb.ReadStreamRequest) (*pb.ReadStreamResponse, error) {
	return unary(ctx, c, c.log.ReadStream, req)
}

// VerifyLog walks the log's hash chain; a broken chain is a finding in the response, not an
// error. The walk of a long log may outlast the Client's timeout: give the Client a longer
// one (WithTimeout) for it.
func (c *Client) VerifyLog(ctx context.Context) (*pb.VerifyLogResponse, error) {
	return unary(ctx, c, c.audit.VerifyLog, &pb.VerifyLogRequest{})
}

// GetCheckpoint returns the log's signed checkpoint (FAILED_PRECONDITION when chanceryd has
// no --signing-key).
func (c *Client) GetCheckpoint(ctx context.Context) (*pb.GetCheckpointResponse, error) {
	return unary(ctx, c, c.audit.GetCheckpoint, &pb.GetCheckpointRequest{})
}

// GetInclusionProof proves that a record is a leaf of the tree of a checkpoint's size.
func (c *Client) GetInclusionProof(ctx context.Context, req *pb.GetInclusionProofRequest) (*pb.GetInclusionProofResponse, error) {
	return unary(ctx, c, c.audit.GetInclusionProof, req)
}

// GetConsistencyProof proves that the tree of one size is a prefix of the tree of another.
func (c *Client) GetConsistencyProof(ctx context.Context, req *pb.GetConsistencyProofRequest) (*pb.GetConsistencyProofResponse, error) {
	return unary(ctx, c, c.audit.GetConsistencyProof, req)
}

// CreateGroup creates a subscription group; creating the same definition again returns the
// existing group (Created false), so a service may create its group every time it starts.
func (c *Client) CreateGroup(ctx context.Context, req *pb.CreateGroupRequest) (*pb.CreateGroupResponse, error) {
	return unary(ctx, c, c.groups.CreateGroup, req)
}

// GetGroup returns a group's definition and its state now.
func (c *Client) GetGroup(ctx context.Context, req *pb.GetGroupRequest) (*pb.GetGroupResponse, error) {
	return unary(ctx, c, c.groups.GetGroup, req)
}

// ListGroups returns every group, by name, each with its state.
func (c *Client) ListGroups(ctx context.Context) (*pb.ListGroupsResponse, error) {
	return unary(ctx, c, c.groups.ListGroups, &pb.ListGroupsRequest{})
}

// ResetGroup moves a group's checkpoint, back to redeliver or forward to skip.
func (c *Client) ResetGroup(ctx context.Context, req *pb.ResetGroupRequest) (*pb.ResetGroupResponse, error) {
	return unary(ctx, c, c.groups.ResetGroup, req)
}

// DeleteGroup deletes a group and its parked events; its consumers end with NOT_FOUND.
func (c *Client) DeleteGroup(ctx context.Context, req *pb.DeleteGroupRequest) (*pb.DeleteGroupResponse, error) {
	return unary(ctx, c, c.groups.DeleteGroup, req)
}

// ListParkedEvents returns one page of a group's parked events; ParkedEvents iterates every
// page's.
func (c *Client) ListParkedEvents(ctx context.Context, req *pb.ListParkedEventsRequest) (*pb.ListParkedEventsResponse, error) {
	return unary(ctx, c, c.groups.ListParkedEvents, req)
}

// ReplayParkedEvents puts parked events back into delivery.
func (c *Client) ReplayParkedEvents(ctx context.Context, req *pb.ReplayParkedEventsRequest) (*pb.ReplayParkedEventsResponse, error) {
	return unary(ctx, c, c.groups.ReplayParkedEvents, req)
}

func unary[Req, Resp any](ctx context.Context, c *Client,
	call func(context.Context, Req, ...grpc.CallOption) (Resp, error), req Req) (Resp, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	resp, err := call(ctx, req)
	return resp, newError(err)
}
