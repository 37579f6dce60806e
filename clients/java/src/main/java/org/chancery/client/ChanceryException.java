package org.chancery.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chancery.v1.RevisionConflict;
import org.chancery.v1.SubscriptionEnded;

/** A call that ended with a non-OK status, with the details chanceryd attaches to it. */
public final class ChanceryException extends RuntimeException {
  private final Status.Code code;
  private final List<Any> details;

  ChanceryException(StatusRuntimeException cause) {
    super(cause.getMessage(), cause);
    this.code = cause.getStatus().getCode();
    com.google.rpc.Status status = StatusProto.fromThrowable(cause);
    this.details = status == null ? List.of() : status.getDetailsList();
  }

  /** The status code. */
  public Status.Code code() {
    return code;
  }

  /** The request fields a google.rpc.BadRequest detail names, such as {@code events[0].cameo_code}. */
  public List<String> fieldViolations() {
    List<String> fields = new ArrayList<>();
    detail(BadRequest.class)
        .ifPresent(badRequest -> badRequest.getFieldViolationsList().forEach(v -> fields.add(v.getField())));
    return fields;
  }

  /** The detail of an ABORTED write. */
  public Optional<RevisionConflict> revisionConflict() {
    return detail(RevisionConflict.class);
  }

  /** The detail of a subscription the server ended. */
  public Optional<SubscriptionEnded> subscriptionEnded() {
    return detail(SubscriptionEnded.class);
  }

  /** The first detail of {@code type}. */
  public <T extends Message> Optional<T> detail(Class<T> type) {
    for (Any any : details) {
      if (any.is(type)) {
        try {
          return Optional.of(any.unpack(type));
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
