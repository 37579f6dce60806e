package org.chancery.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** A chanceryd process for one test, restartable on the same port and store. */
final class Chanceryd implements AutoCloseable {
  /** The repository root: Maven runs tests in clients/java. */
  static final Path REPO_ROOT = Path.of("").toAbsolutePath().getParent().getParent();
  private static final String LISTENING = "chanceryd listening on ";

  private final Path store;
  private final List<String> flags;
  private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
  private Process process;
  private int port;

  /** Starts chanceryd on {@code store} with extra {@code flags} (TLS, tokens). */
  Chanceryd(Path store, List<String> flags) throws IOException {
    assumeAvailable();
    this.store = store;
    this.flags = flags;
    start();
  }

  /** $CHANCERYD, else the repository's build/bin/chanceryd. */
  static String binary() {
    return System.getenv().getOrDefault("CHANCERYD", REPO_ROOT.resolve("build/bin/chanceryd").toString());
  }

  /**
   * Skips the calling test (a JUnit assumption) when there is no chanceryd to start: $CHANCERYD
   * unset and no build/bin/chanceryd. A $CHANCERYD that names no server fails the test instead.
   */
  static void assumeAvailable() {
    Assumptions.assumeTrue(available(), "no chanceryd: set CHANCERYD or build " + REPO_ROOT.resolve("build/bin/chanceryd"));
  }

  /** Whether $CHANCERYD is set or build/bin/chanceryd exists (for {@code @EnabledIf}). */
  static boolean available() {
    return System.getenv("CHANCERYD") != null || Files.isExecutable(Path.of(binary()));
  }

  /** A chanceryd on a store in {@code dir}, signing checkpoints with a fresh Ed25519 key. */
  static Chanceryd signing(Path dir) throws Exception {
    assumeAvailable();
    byte[] key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
    Path pem = Files.writeString(dir.resolve("signing.pem"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key) + "\n-----END PRIVATE KEY-----\n",
        StandardCharsets.US_ASCII);
    return new Chanceryd(dir.resolve("chancery.db"), List.of("--signing-key=" + pem));
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** Starts on the current port (0 picks a free one) and returns once it listens. */
  private void start() throws IOException {
    List<String> command = new ArrayList<>(List.of(binary(), "--listen=127.0.0.1:" + port,
        "--store=sqlite:" + store, "--port-file=" + store + ".port"));
    command.addAll(flags);
    process = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      stderr.add(line);
      if (line.startsWith(LISTENING)) {
        port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
        // Keep draining stderr so the server never blocks on a full pipe.
        Thread drain = new Thread(() -> {
          try {
            lines.lines().forEach(stderr::add);
          } catch (java.io.UncheckedIOException closedAtExit) {
            // The JDK closes the pipe once the process has exited.
          }
        });
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IOException("chanceryd exited before listening: " + stderr);
  }

  /** SIGTERM, then waits: chanceryd must exit 0. */
  private void stop() throws InterruptedException {
    // SIGTERM through the handle: Process.destroy() would first close the stderr pipe, and
    // chanceryd's last words would kill it with SIGPIPE.
    process.toHandle().destroy();
    int code = process.waitFor();
    if (code != 0) throw new IllegalStateException("chanceryd exited " + code + ": " + stderr);
  }

  void restart() throws IOException, InterruptedException {
    stop();
    start();
  }

  /** SIGKILL, a crash: nothing is left for close() to stop. */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor();
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) stop();
  }
}
