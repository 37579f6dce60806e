package chancery

import (
	"context"
	"errors"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "chancery.org/chancery/gen/chancery/v1"
)

// Error is a call that ended with a non-OK status. It keeps the status with its details;
// status.Code(err) and status.FromError(err) work on it as on any gRPC error. A call or
// subscription whose context ended is an Error with CANCELLED or DEADLINE_EXCEEDED that
// errors.Is also takes for context.Canceled or context.DeadlineExceeded.
type Error struct {
	status *status.Status
}

func newError(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e
	}
	return &Error{status: status.Convert(err)}
}

// contextError is the Error of a call or subscription whose context ended with err.
func contextError(err error) error { return &Error{status: status.FromContextError(err)} }

func (e *Error) Error() string { return e.status.Code().String() + ": " + e.status.Message() }

// GRPCStatus lets status.FromError and status.Code see the status.
func (e *Error) GRPCStatus() *status.Status { return e.status }

// Is makes errors.Is(err, context.Canceled) true for a CANCELLED Error, and
// errors.Is(err, context.DeadlineExceeded) for a DEADLINE_EXCEEDED one.
func (e *Error) Is(target error) bool {
	switch target {
	case context.Canceled:
		return e.Code() == codes.Canceled
	case context.DeadlineExceeded:
		return e.Code() == codes.DeadlineExceeded
	}
	return false
}

// Code is the status code.
func (e *Error) Code() codes.Code { return e.status.Code() }

// FieldViolations are the request fields the google.rpc.BadRequest detail names, such as
// "events[0].cameo_code".
func (e *Error) FieldViolations() []string {
	var fields []string
	for _, detail := range e.status.Details() {
		if badRequest, ok := detail.(*errdetails.BadRequest); ok {
			for _, violation := range badRequest.GetFieldViolations() {
				fields = append(fields, violation.GetField())
			}
		}
	}
	return fields
}

// RevisionConflict is the detail of an ABORTED write, or nil.
func (e *Error) RevisionConflict() *pb.RevisionConflict { return detail[*pb.RevisionConflict](e) }

// SubscriptionEnded is the detail of a subscription the server ended, or nil.
func (e *Error) SubscriptionEnded() *pb.SubscriptionEnded { return detail[*pb.SubscriptionEnded](e) }

func detail[T any](e *Error) T {
	var zero T
	for _, d := range e.status.Details() {
		if typed, ok := d.(T); ok {
			return typed
		}
	}
	return zero
}
