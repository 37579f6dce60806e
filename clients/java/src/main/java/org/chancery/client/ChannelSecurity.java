package org.chancery.client;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * The channel credentials for a token, a TLS CA and a client certificate (each may be null):
 * TLS when a CA or a client certificate is given, the token as call credentials. A token
 * without TLS goes over plaintext only when every address is a loopback one, where chanceryd
 * accepts it.
 */
record ChannelSecurity(String token, byte[] caPem, byte[] certPem, byte[] keyPem) {
  ChannelCredentials credentials(List<String> addresses, ChannelCredentials plaintext) {
    ChannelCredentials channel = plaintext;
    if (caPem != null || certPem != null) {
      channel = tls();
    } else if (token != null) {
      addresses.forEach(BearerToken::checkPlaintextTarget);
    }
    return token == null ? channel : CompositeChannelCredentials.create(channel, new BearerToken(token));
  }

  private ChannelCredentials tls() {
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    try {
      if (caPem != null) tls.trustManager(new ByteArrayInputStream(caPem));
      if (certPem != null) tls.keyManager(new ByteArrayInputStream(certPem), new ByteArrayInputStream(keyPem));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unusable TLS certificate or key: " + e.getMessage(), e);
    }
    return tls.build();
  }
}
