package org.chancery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Java example of README.md, as it stands there: compiled with javax.tools against the
 * test classpath and run in a JVM of its own against a real chanceryd.
 */
class ReadmeTest {
  private static final Path README = Chanceryd.REPO_ROOT.resolve("clients/java/README.md");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS = Pattern.compile("^public class (\\w+)", Pattern.MULTILINE);

  @TempDir Path temp;
  @TempDir static Path classes;  // The compiled examples, shared by the tests.

  /** The README's Java examples by class name, in order. */
  private static Map<String, String> examples() throws IOException {
    Map<String, String> examples = new LinkedHashMap<>();
    Matcher block = JAVA_BLOCK.matcher(Files.readString(README));
    while (block.find()) {
      Matcher name = CLASS.matcher(block.group(1));
      assertTrue(name.find(), "a README Java block that is not a whole class:\n" + block.group(1));
      examples.put(name.group(1), block.group(1));
    }
    return examples;
  }

  private static String classpath() {
    // Surefire runs the tests through a manifest-only jar; it passes the real one here.
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** Compiles every example into {@link #classes}, once (with or without a chanceryd). */
  @BeforeAll
  static void compile() throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    for (var example : examples().entrySet()) {
      sources.add(new SimpleJavaFileObject(URI.create("string:///" + example.getKey() + ".java"),
          JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return example.getValue();
        }
      });
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean compiled = compiler.getTask(null, null, diagnostics,
        List.of("-classpath", classpath(), "-d", classes.toString(), "--release", "17"), null, sources).call();
    assertTrue(compiled, "README examples do not compile: " + diagnostics.getDiagnostics());
  }

  /** Runs example {@code name} with {@code args} and extra environment; returns its output. */
  private static String run(String name, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp",
        classes + File.pathSeparator + classpath(), name));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("CHANCERY_ADDRESS");
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), name + " failed:\n" + output);
    return output;
  }

  @Test
  void everyExampleHasARunHere() throws IOException {
    assertEquals(List.of("QuickStart", "FromNow", "Audit", "Secure", "Groups", "Replicas"), List.copyOf(examples().keySet()));
  }

  @Test
  void quickStartAndAudit() throws Exception {
    try (Chanceryd server = Chanceryd.signing(temp)) {
      String first = run("QuickStart", Map.of(), server.address());
      assertTrue(first.contains("recorded NOR-NZL at 1\n"), first);
      assertTrue(first.contains("events 1\n"), first);
      assertTrue(first.contains("followed true\n"), first);
      assertTrue(first.contains("INVALID_ARGUMENT [dyad]\n"), first);
      // Fresh ids: a second run records a second event. The address from the environment.
      String second = run("QuickStart", Map.of("CHANCERY_ADDRESS", server.address()));
      assertTrue(second.contains("recorded NOR-NZL at 2\n"), second);
      assertTrue(second.contains("events 2\n"), second);

      String audit = run("Audit", Map.of(), server.address());
      assertTrue(audit.startsWith("verified 2, first bad 0\nexported 2\n1 "), audit);
      assertTrue(audit.contains("\nchancery/"), audit);
    }
  }

  @Test
  void fromNow() throws Exception {
    try (Chanceryd server = new Chanceryd(temp.resolve("chancery.db"), List.of())) {
      assertEquals("caught up at 0\nnew record at 1\n", run("FromNow", Map.of(), server.address()));
      // The second run skips the first one's record: it starts after the head, 1.
      assertEquals("caught up at 1\nnew record at 2\n",
          run("FromNow", Map.of("CHANCERY_ADDRESS", server.address())));
    }
  }

  @Test
  void secure() throws Exception {
    Chanceryd.assumeAvailable();
    Path pki = VectorSecurity.makeTestPki(temp.resolve("pki"));
    Path dir = Files.createDirectories(temp.resolve("server"));
    for (String tls : List.of("server", "mutual")) {
      VectorSecurity security = new VectorSecurity(com.google.gson.JsonParser.parseString(
          "{\"tls\": \"" + tls + "\", \"tokens\": {\"auditor\": \"reader\"}}").getAsJsonObject(), pki);
      try (Chanceryd server = new Chanceryd(dir.resolve(tls + ".db"), security.serverFlags(dir))) {
        Map<String, String> env = new LinkedHashMap<>(Map.of("CHANCERY_ADDRESS", server.address(),
            "CHANCERY_TOKEN", VectorSecurity.tokenOf("auditor"), "CHANCERY_CA", pki.resolve("ca.pem").toString()));
        if (tls.equals("mutual")) {
          env.put("CHANCERY_CLIENT_CERT", pki.resolve("client.pem").toString());
          env.put("CHANCERY_CLIENT_KEY", pki.resolve("client.key").toString());
        }
        assertEquals("SERVING\nhead 0\n", run("Secure", env), tls);
      }
    }
  }

  @Test
  void groups() throws Exception {
    try (Chanceryd server = new Chanceryd(temp.resolve("chancery.db"), List.of())) {
      assertEquals("created true\nhandled NOR-NZL at 1, attempt 1\n", run("Groups", Map.of(), server.address()));
      // A fresh group, which starts after the first run's event.
      assertEquals("created true\nhandled NOR-NZL at 2, attempt 1\n",
          run("Groups", Map.of("CHANCERY_ADDRESS", server.address())));
    }
  }

  @Test
  void replicas() throws Exception {
    try (Chanceryd a = new Chanceryd(temp.resolve("a.db"), List.of());
        Chanceryd b = new Chanceryd(temp.resolve("b.db"), List.of())) {
      String output = run("Replicas", Map.of(), a.address() + "," + b.address());
      assertEquals("RELATIONSHIP_STATUS_NONE\n".repeat(4), output);
    }
  }
}
