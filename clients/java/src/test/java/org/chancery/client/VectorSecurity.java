package org.chancery.client;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A vector's "server" section (tests/conformance/README.md): chanceryd's TLS and token flags,
 * and each principal's client options, with certificates from make-test-pki.sh in {@code pki}.
 */
record VectorSecurity(JsonObject server, Path pki) {
  /** Makes the test certificates in {@code dir} and returns it. */
  static Path makeTestPki(Path dir) throws IOException, InterruptedException {
    Path script = Chanceryd.REPO_ROOT.resolve("tests/conformance/make-test-pki.sh");
    Process process = new ProcessBuilder(script.toString(), dir.toString()).inheritIO().start();
    if (process.waitFor() != 0) throw new IOException(script + " failed");
    return dir;
  }

  static String tokenOf(String principal) {
    return "token-of-" + principal;
  }

  private String tls() {
    return server.has("tls") ? server.get("tls").getAsString() : "";
  }

  /** chanceryd's flags for the section; the tokens file is written into {@code dir}. */
  List<String> serverFlags(Path dir) throws IOException, NoSuchAlgorithmException {
    List<String> flags = new ArrayList<>();
    if (!tls().isEmpty()) {
      flags.add("--tls-cert=" + pki.resolve("server.pem"));
      flags.add("--tls-key=" + pki.resolve("server.key"));
    }
    if (tls().equals("mutual")) flags.add("--tls-client-ca=" + pki.resolve("ca.pem"));
    if (server.has("tokens")) {
      StringBuilder lines = new StringBuilder();
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (var entry : server.getAsJsonObject("tokens").entrySet()) {
        byte[] digest = sha256.digest(tokenOf(entry.getKey()).getBytes(StandardCharsets.UTF_8));
        lines.append("sha256:").append(HexFormat.of().formatHex(digest)).append(' ')
            .append(entry.getKey()).append(' ').append(entry.getValue().getAsString()).append('\n');
      }
      Path tokens = Files.writeString(dir.resolve("tokens"), lines);
      flags.add("--tokens=" + tokens);
    }
    return flags;
  }

  /** A client builder for steps run as {@code principal} (null: no token). */
  ChanceryClient.Builder client(String address, String principal) throws IOException {
    ChanceryClient.Builder builder = ChanceryClient.builder(address);
    if (principal != null) builder.token(tokenOf(principal));
    if (!tls().isEmpty()) builder.tlsCa(pki.resolve("ca.pem"));  // A path; PEM bytes work too.
    if (tls().equals("mutual")) {
      builder.clientCertificate(Files.readAllBytes(pki.resolve("client.pem")),
          Files.readAllBytes(pki.resolve("client.key")));
    }
    return builder;
  }
}
