package dev.drd.testing;

import dev.drd.dns.TsigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 primary for a test class: zone {@value #ZONE} on 127.0.0.1 and a free port, which
 * takes dynamic updates signed with {@link #key()}. A missing BIND is a failure, never a skip.
 */
public final class TestBind implements AutoCloseable {
  public static final String ZONE = "drd.test.";
  public static final String KEY_NAME = "drd-test-key";
  public static final String ALGORITHM = "hmac-sha256";
  private static final Path NAMED = Path.of("/usr/sbin/named");
  private static final Path TSIG_KEYGEN = Path.of("/usr/sbin/tsig-keygen");
  private static final Pattern SECRET = Pattern.compile("secret \"([^\"]+)\"");

  private static final String ZONE_FILE =
      """
      $TTL 60
      @        IN SOA ns.drd.test. admin.drd.test. 1 60 60 600 60
      @        IN NS  ns.drd.test.
      ns       IN A   127.0.0.1
      db       IN CNAME primary.drd.test.
      """;

  private static final String NAMED_CONF =
      """
      include "%1$s/key.conf";
      options {
        directory "%1$s";
        pid-file "%1$s/named.pid";
        session-keyfile "%1$s/session.key";
        listen-on port %2$d { 127.0.0.1; };
        listen-on-v6 { none; };
        recursion no;
        dnssec-validation no;
      };
      controls { };
      zone "%3$s" {
        type primary;
        file "%1$s/zone.db";
        journal "%1$s/zone.db.jnl";
        update-policy { grant %4$s zonesub ANY; };
      };
      """;

  private final Path dir;
  private final int port;
  private final String secret;
  private final Process named;

  private TestBind(Path dir, int port, String secret, Process named) {
    this.dir = dir;
    this.port = port;
    this.secret = secret;
    this.named = named;
  }

  public static TestBind start() {
    requireInstalled(NAMED);
    requireInstalled(TSIG_KEYGEN);
    try {
      Path dir = Files.createTempDirectory("drd-bind-");
      String keyConf = keygen(dir);
      Files.writeString(dir.resolve("key.conf"), keyConf);
      Files.writeString(dir.resolve("zone.db"), ZONE_FILE);
      int port = Ports.free();
      Path conf = dir.resolve("named.conf");
      Files.writeString(conf, NAMED_CONF.formatted(dir, port, ZONE, KEY_NAME));
      Process named =
          new ProcessBuilder(NAMED.toString(), "-c", conf.toString(), "-g")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("named.log").toFile())
              .start();
      TestBind bind = new TestBind(dir, port, secret(keyConf), named);
      bind.awaitAnswers(Duration.ofSeconds(15));
      return bind;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start BIND: " + e.getMessage(), e);
    }
  }

  private static void requireInstalled(Path tool) {
    if (!Files.isExecutable(tool)) {
      throw new IllegalStateException(
          "%s is missing: the DNS tests need BIND 9 (apt-get install -y --no-install-recommends bind9 bind9-dnsutils)"
              .formatted(tool));
    }
  }

  private static String keygen(Path dir) throws IOException {
    Process keygen =
        new ProcessBuilder(TSIG_KEYGEN.toString(), "-a", ALGORITHM, KEY_NAME)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (waitFor(keygen, Duration.ofSeconds(10)) != 0) {
      throw new IllegalStateException("tsig-keygen failed:\n" + out);
    }
    return out;
  }

  private static String secret(String keyConf) {
    Matcher m = SECRET.matcher(keyConf);
    if (!m.find()) {
      throw new IllegalStateException("no secret in tsig-keygen's output:\n" + keyConf);
    }
    return m.group(1);
  }

  private void awaitAnswers(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (named.isAlive() && System.nanoTime() < deadline) {
      try {
        if (!answers(ZONE, "SOA").isEmpty()) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // named is still loading the zone
      }
      sleep(Duration.ofMillis(100));
    }
    String why =
        named.isAlive() ? "did not answer within " + timeout : "exited with " + named.exitValue();
    String log = log();
    close();
    throw new IllegalStateException("named %s:%n%s".formatted(why, log));
  }

  /** A plain, unsigned query to this server, the way any client sees the zone. */
  public List<Record> answers(String name, String type) {
    try {
      SimpleResolver resolver = new SimpleResolver("127.0.0.1");
      resolver.setPort(port);
      resolver.setTimeout(Duration.ofSeconds(2));
      Name qname = Name.fromString(name, Name.root);
      int qtype = Type.value(type);
      Message response = resolver.send(Message.newQuery(Record.newRecord(qname, qtype, DClass.IN)));
      if (response.getRcode() != Rcode.NOERROR && response.getRcode() != Rcode.NXDOMAIN) {
        throw new IllegalStateException(
            "BIND answered %s for %s %s".formatted(Rcode.string(response.getRcode()), name, type));
      }
      return response.getSection(Section.ANSWER).stream()
          .filter(r -> r.getType() == qtype)
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("no answer from BIND on port " + port, e);
    }
  }

  public int port() {
    return port;
  }

  public String zone() {
    return ZONE;
  }

  public String keyName() {
    return KEY_NAME;
  }

  public String keySecret() {
    return secret;
  }

  public TsigKey key() {
    return new TsigKey(KEY_NAME, ALGORITHM, secret);
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("named.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    named.destroy();
    if (waitFor(named, Duration.ofSeconds(10)) < 0) {
      named.destroyForcibly();
      waitFor(named, Duration.ofSeconds(5));
    }
    try {
      TestFiles.deleteRecursively(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The exit code, or -1 when the process still runs after the timeout. */
  private static int waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + process.info(), e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for named", e);
    }
  }
}
