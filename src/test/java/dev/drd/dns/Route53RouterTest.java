package dev.drd.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.testing.FakeRoute53;
import dev.drd.testing.FakeRoute53.Mode;
import dev.drd.testing.FakeRoute53.Received;
import dev.drd.testing.FakeRoute53.ReceivedChange;
import dev.drd.testing.FakeRoute53.RecordSet;
import dev.drd.testing.Ports;
import java.net.URI;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Through the real AWS SDK against the Route 53 wire contract ({@link FakeRoute53}). */
class Route53RouterTest {
  private static final String ZONE_ID = "Z0DRDTEST12345";
  private static final String ACCESS_KEY = "AKIADRDTEST";
  private static final String SECRET = "drd/SECRET/wJalrXUtnFEMIK7MDENGbPxRfiCY";
  private static final DnsRecord DB = new DnsRecord("example.com.", "db.example.com.", "CNAME");

  private final FakeRoute53 fake = FakeRoute53.start(ZONE_ID, "example.com.");
  private final Route53Router router = router(ZONE_ID, fake.endpoint());

  private static Route53Router router(String zoneId, URI endpoint) {
    return Route53Router.create(new Route53Settings(zoneId, endpoint, null, ACCESS_KEY, SECRET));
  }

  private static DrdException failure(ThrowingCallable call) {
    return catchThrowableOfType(DrdException.class, call);
  }

  @AfterEach
  void stop() {
    router.close();
    fake.close();
  }

  @Test
  void upsertPostsExactlyOneUpsertOfTheRecord() {
    DnsChange change = router.upsert(DB, "replica.example.net.", 60);

    assertThat(fake.changeBatches())
        .containsExactly(
            List.of(
                new ReceivedChange(
                    "UPSERT",
                    new RecordSet(
                        "db.example.com.", "CNAME", 60L, List.of("replica.example.net.")))));
    Received post = fake.requests().getLast();
    assertThat(post.path()).isEqualTo("/2013-04-01/hostedzone/" + ZONE_ID + "/rrset/");
    assertThat(post.body()).contains("https://route53.amazonaws.com/doc/2013-04-01/");
    assertThat(change).isEqualTo(new DnsChange("C0000000000001", DB, "replica.example.net.", 60));
  }

  @Test
  void aChangeIsInSyncOnlyOnceRoute53SaysSo() {
    fake.pendingPolls(2);
    DnsChange change = router.upsert(DB, "replica.example.net.", 60);

    assertThat(router.inSync(change)).isFalse();
    assertThat(router.inSync(change)).isFalse();
    assertThat(router.inSync(change)).isTrue();
    assertThat(fake.requests().getLast().path()).isEqualTo("/2013-04-01/change/" + change.id());
  }

  @Test
  void currentReadsTheValueJustSetWhateverTheNamesCase() {
    fake.put(new RecordSet("db.example.com.", "CNAME", 300L, List.of("primary.example.net.")));
    assertThat(router.current(DB)).containsExactly("primary.example.net.");

    router.upsert(
        new DnsRecord("example.com.", "DB.Example.COM", "CNAME"), "replica.example.net.", 60);

    assertThat(router.current(DB)).containsExactly("replica.example.net.");
    assertThat(router.current(new DnsRecord("example.com", "db.EXAMPLE.com", "CNAME")))
        .containsExactly("replica.example.net.");
    assertThat(fake.requests().getLast().query()).contains("maxitems=1");
  }

  @Test
  void currentOfAMissingRecordIsEmptyThoughRoute53ListsTheNextOne() {
    fake.put(new RecordSet("db.example.com.", "A", 300L, List.of("192.0.2.10")));
    fake.put(new RecordSet("web.example.com.", "CNAME", 300L, List.of("lb.example.net.")));

    assertThat(router.current(DB)).isEmpty();
    assertThat(router.current(new DnsRecord("example.com.", "cache.example.com.", "A"))).isEmpty();
    assertThat(router.current(new DnsRecord("example.com.", "db.example.com.", "A")))
        .containsExactly("192.0.2.10");
  }

  @Test
  void anUnknownHostedZoneIsNamed() {
    try (Route53Router elsewhere = router("ZNOSUCHZONE", fake.endpoint())) {
      DrdException upsert = failure(() -> elsewhere.upsert(DB, "replica.example.net.", 60));
      DrdException current = failure(() -> elsewhere.current(DB));

      assertThat(upsert.type()).isEqualTo(FailureType.DNS_ZONE_MISSING);
      assertThat(upsert.getMessage()).contains("ZNOSUCHZONE");
      assertThat(current.type()).isEqualTo(FailureType.DNS_ZONE_MISSING);
    }
  }

  @Test
  void accessDeniedSaysWhatToCheckAndKeepsTheSecret() {
    fake.mode(Mode.ACCESS_DENIED);

    DrdException e = failure(() -> router.upsert(DB, "replica.example.net.", 60));

    assertThat(e.type()).isEqualTo(FailureType.DNS_REFUSED);
    assertThat(e.getMessage())
        .contains("credentials", "route53:ChangeResourceRecordSets", ZONE_ID)
        .doesNotContain(SECRET);
    assertThat(e.getCause().getMessage()).doesNotContain(SECRET);
    assertThat(new Route53Settings(ZONE_ID, null, null, ACCESS_KEY, SECRET).toString())
        .doesNotContain(SECRET);
  }

  @Test
  void aChangeOutsideTheZoneIsRefusedWithRoute53sReason() {
    DrdException e =
        failure(() ->
            router.upsert(
                new DnsRecord("example.com.", "db.example.org.", "CNAME"), "x.example.net.", 60));

    assertThat(e.type()).isEqualTo(FailureType.DNS_REFUSED);
    assertThat(e.getMessage()).contains("is not permitted in zone example.com.");
  }

  @Test
  void throttlingIsRetryable() {
    fake.mode(Mode.THROTTLING);

    DrdException e = failure(() -> router.current(DB));

    assertThat(e.type()).isEqualTo(FailureType.DNS_FAILED);
    assertThat(e.type().retryable()).isTrue();
  }

  @Test
  void noAnswerAtAllIsUnreachable() {
    try (Route53Router nowhere = router(ZONE_ID, URI.create("http://127.0.0.1:" + Ports.free()))) {
      DrdException e = failure(() -> nowhere.current(DB));

      assertThat(e.type()).isEqualTo(FailureType.DNS_UNREACHABLE);
      assertThat(e.type().retryable()).isTrue();
    }
  }

  @Test
  void namesCompareAsRoute53AnswersThem() {
    assertThat(Route53Router.sameName("\\052.example.com.", "*.Example.COM")).isTrue();
    assertThat(Route53Router.sameName("db.example.com.", "db.example.co")).isFalse();
  }
}
