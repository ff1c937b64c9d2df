package dev.drd.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.testing.Ports;
import dev.drd.testing.TestBind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;

class Rfc2136RouterTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static TestBind bind;

  @BeforeAll
  static void startBind() {
    bind = TestBind.start();
  }

  @AfterAll
  static void stopBind() {
    bind.close();
  }

  private static Rfc2136Router router(TsigKey key) {
    return Rfc2136Router.create("127.0.0.1", bind.port(), key, TIMEOUT);
  }

  private static DnsRecord record(String label, String type) {
    return new DnsRecord(bind.zone(), label + "." + bind.zone(), type);
  }

  private static DrdException failure(Runnable call) {
    try {
      call.run();
    } catch (DrdException e) {
      return e;
    }
    throw new AssertionError("expected a DrdException");
  }

  @Test
  void switchesTheRecordAndTheServerAnswersTheNewValue() {
    Rfc2136Router router = router(bind.key());
    DnsRecord db = record("db", "CNAME");
    assertThat(router.current(db)).containsExactly("primary.drd.test.");

    DnsChange change = router.upsert(db, "replica.drd.test.", 30);

    assertThat(bind.answers(db.name(), "CNAME"))
        .extracting(Record::rdataToString, Record::getTTL)
        .containsExactly(tuple("replica.drd.test.", 30L));
    assertThat(router.current(db)).containsExactly("replica.drd.test.");
    assertThat(router.inSync(change)).isTrue();
    assertThat(Long.parseLong(change.id())).isGreaterThan(1);
  }

  @Test
  void upsertingTheSameValueAgainChangesNothing() {
    Rfc2136Router router = router(bind.key());
    DnsRecord app = record("app", "A");

    DnsChange first = router.upsert(app, "10.0.0.7", 60);
    DnsChange second = router.upsert(app, "10.0.0.7", 60);

    assertThat(bind.answers(app.name(), "A"))
        .extracting(Record::rdataToString)
        .containsExactly("10.0.0.7");
    assertThat(router.inSync(second)).isTrue();
    assertThat(second.id()).isEqualTo(first.id());
  }

  @Test
  void inSyncIsFalseWhileTheServerAnswersAnotherValue() {
    Rfc2136Router router = router(bind.key());
    DnsRecord api = record("api", "A");
    DnsChange old = router.upsert(api, "10.0.0.1", 60);

    router.upsert(api, "10.0.0.2", 60);

    assertThat(router.inSync(old)).isFalse();
  }

  @Test
  void currentOfAMissingRecordIsEmpty() {
    assertThat(router(bind.key()).current(record("nothing-here", "CNAME"))).isEmpty();
  }

  @Test
  void aWrongSecretIsRefusedNamingTheKeyButNotTheSecret() {
    String wrongSecret = Base64.getEncoder().encodeToString(new byte[32]);
    Rfc2136Router router = router(new TsigKey(bind.keyName(), TestBind.ALGORITHM, wrongSecret));
    DnsRecord record = record("wrong-key", "A");

    DrdException e = failure(() -> router.upsert(record, "10.0.0.9", 60));

    assertThat(e.type()).isEqualTo(FailureType.DNS_REFUSED);
    assertThat(e.getMessage())
        .contains(bind.keyName(), "secret")
        .doesNotContain(wrongSecret, bind.keySecret());
    assertThat(bind.answers(record.name(), "A")).isEmpty();
  }

  @Test
  void aZoneTheServerDoesNotServeIsMissing() {
    Rfc2136Router router = router(bind.key());
    DnsRecord elsewhere = new DnsRecord("other.test.", "db.other.test.", "CNAME");

    assertThat(failure(() -> router.current(elsewhere)).type())
        .isEqualTo(FailureType.DNS_ZONE_MISSING);
    DrdException e = failure(() -> router.upsert(elsewhere, "replica.other.test.", 60));
    assertThat(e.type()).isEqualTo(FailureType.DNS_ZONE_MISSING);
    assertThat(e.getMessage()).contains("other.test.");
  }

  @Test
  void aPortWhereNothingListensIsUnreachable() {
    int port = Ports.free();
    Rfc2136Router router = Rfc2136Router.create("127.0.0.1", port, bind.key(), TIMEOUT);
    long start = System.nanoTime();

    DrdException e = failure(() -> router.upsert(record("db", "CNAME"), "replica.drd.test.", 60));

    assertThat(e.type()).isEqualTo(FailureType.DNS_UNREACHABLE);
    assertThat(e.getMessage()).contains("127.0.0.1:" + port);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(1));
  }

  @Test
  void aServerThatNeverAnswersIsUnreachableAfterTheTimeout() throws IOException {
    // The kernel accepts the connection into the backlog; nothing ever reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Rfc2136Router router =
          Rfc2136Router.create("127.0.0.1", silent.getLocalPort(), bind.key(), TIMEOUT);
      long start = System.nanoTime();

      DrdException e = failure(() -> router.current(record("db", "CNAME")));

      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(e.type()).isEqualTo(FailureType.DNS_UNREACHABLE);
      assertThat(elapsed).isBetween(TIMEOUT.minusMillis(200), TIMEOUT.plusSeconds(1));
    }
  }

  @Test
  void theSecretStaysOutOfToString() {
    assertThat(bind.key().toString()).doesNotContain(bind.keySecret()).contains(bind.keyName());
    assertThat(router(bind.key()).toString()).doesNotContain(bind.keySecret());
  }
}
