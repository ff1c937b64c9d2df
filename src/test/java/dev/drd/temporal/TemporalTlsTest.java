package dev.drd.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.TemporalConfig;
import dev.drd.config.TlsConfig;
import dev.drd.testing.TestTemporal;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and API keys to Temporal. Temporal's test server speaks plaintext only, so the handshake
 * itself is shown by its failure: a client set up for TLS does not get through to it.
 */
class TemporalTlsTest {
  @TempDir static Path dir;
  static Path cert;
  static Path key;

  /** A self-signed certificate and its PKCS#8 key, as PEM files (what Temporal Cloud issues). */
  @BeforeAll
  static void certificate() throws Exception {
    cert = dir.resolve("client.pem");
    key = dir.resolve("client.key");
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=drd-test",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(openssl.getInputStream().readAllBytes());
    assertThat(openssl.waitFor()).as(output).isZero();
  }

  private static TemporalConfig config(String target, TlsConfig tls, String apiKey) {
    return new TemporalConfig(target, "default", "q", tls, apiKey, null);
  }

  @Test
  void mutualTlsFromTheConfigsPemFilesIsSetUp() {
    WorkflowServiceStubsOptions options =
        TemporalConnection.options(
            config("temporal.example.com:7233", new TlsConfig(cert, key, cert, null), null),
            null,
            null);

    assertThat(options.getSslContext()).isNotNull();
    assertThat(options.getSslContext().isClient()).isTrue();
    assertThat(options.getGrpcMetadataProviders()).isNullOrEmpty();
  }

  @Test
  void anApiKeyGoesOverTls() {
    WorkflowServiceStubsOptions options =
        TemporalConnection.options(config("ns.acct.tmprl.cloud:7233", null, "k-123"), null, null);

    assertThat(options.getEnableHttps()).isTrue();
    assertThat(options.getGrpcMetadataProviders()).hasSize(1);
  }

  @Test
  void aTlsClientDoesNotGetThroughToAPlaintextServer() {
    String target = TestTemporal.target();
    try (TemporalConnection plain =
        TemporalConnection.connect(config(target, null, null), null, Duration.ofSeconds(10))) {
      assertThat(plain.reachable()).isTrue();
    }

    TemporalUnreachableException refused =
        catchThrowableOfType(
            TemporalUnreachableException.class,
            () ->
                TemporalConnection.connect(
                    config(target, new TlsConfig(cert, key, cert, null), null),
                    null,
                    Duration.ofSeconds(3)));

    assertThat(refused).hasMessageContaining("cannot reach Temporal at " + target);
  }

  @Test
  void aKeyThatIsNotAKeyIsNamedBeforeAnyConnection() throws IOException {
    Path garbage = Files.writeString(dir.resolve("garbage.key"), "not a key\n");

    TemporalUnreachableException e =
        catchThrowableOfType(
            TemporalUnreachableException.class,
            () ->
                TemporalConnection.options(
                    config(
                        "temporal.example.com:7233",
                        new TlsConfig(cert, garbage, null, null),
                        null),
                    null,
                    null));

    assertThat(e).hasMessageContaining("cannot set up TLS to Temporal from temporal.tls");
    assertThat(e.getMessage()).contains(garbage.toString());
  }
}
