package org.chancery.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** Call credentials that send {@code authorization: Bearer <token>} with every call. */
final class BearerToken extends CallCredentials {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String value;

  BearerToken(String token) {
    this.value = "Bearer " + token;
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, value);
    applier.apply(headers);
  }

  /** Refuses a token meant to go without TLS to anything but a loopback address. */
  static void checkPlaintextTarget(String address) {
    String host = address.replaceFirst(":\\d+$", "").replaceFirst("^\\[(.*)]$", "$1");
    boolean loopback = host.equals("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
    if (!loopback) {
      throw new IllegalArgumentException("a token without TLS goes to a loopback address only, not " + address);
    }
  }
}
