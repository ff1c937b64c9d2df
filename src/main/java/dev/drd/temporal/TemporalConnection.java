package dev.drd.temporal;

import com.uber.m3.tally.Scope;
import dev.drd.config.TemporalConfig;
import dev.drd.config.TlsConfig;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/** A connection to the Temporal service and a client on it, built from the config. */
public final class TemporalConnection implements AutoCloseable {
  private final TemporalConfig config;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final EventLoopGroup eventLoop;

  private TemporalConnection(
      TemporalConfig config, WorkflowServiceStubs stubs, EventLoopGroup eventLoop) {
    this.config = config;
    this.stubs = stubs;
    this.eventLoop = eventLoop;
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(config.namespace()).build());
  }

  /**
   * Connects and checks that the service answers.
   *
   * @param metricsScope where the SDK reports its metrics, or null for none
   * @throws TemporalUnreachableException when it does not answer within the timeout
   */
  public static TemporalConnection connect(
      TemporalConfig config, Scope metricsScope, Duration timeout) {
    // gRPC's shared event loop outlives the channel by a second, its threads waiting in native
    // code; a JVM exiting with threads in native waits 300 ms for them. This one closes with us.
    EventLoopGroup eventLoop = new NioEventLoopGroup(1);
    WorkflowServiceStubsOptions options = options(config, metricsScope, eventLoop);
    try {
      return new TemporalConnection(
          config, WorkflowServiceStubs.newConnectedServiceStubs(options, timeout), eventLoop);
    } catch (StatusRuntimeException e) {
      eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new TemporalUnreachableException(
          "cannot reach Temporal at %s (namespace %s): %s. Is the service running (drd serve --dev"
                  .formatted(config.target(), config.namespace(), plainly(e))
              + " starts one), and is temporal.target in the config right?",
          e);
    }
  }

  /** What went wrong, without gRPC's status text and the transport's stack trace in it. */
  static String plainly(StatusRuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String detail = root == e ? e.getStatus().getDescription() : root.getMessage();
    String what =
        switch (e.getStatus().getCode()) {
          case UNAVAILABLE -> "nothing answers there";
          case DEADLINE_EXCEEDED -> "it did not answer in time";
          case UNAUTHENTICATED, PERMISSION_DENIED -> "it refused drd's credentials";
          default -> e.getStatus().getCode().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    return detail == null || detail.isBlank() ? what : what + " (" + detail.strip() + ")";
  }

  /**
   * How the connection is made: TLS from temporal.tls (mTLS with a client certificate), an API key
   * over TLS for Temporal Cloud.
   *
   * @param eventLoop the channel's event loop, or null for gRPC's shared one
   * @throws TemporalUnreachableException when the TLS files cannot be read or parsed
   */
  public static WorkflowServiceStubsOptions options(
      TemporalConfig config, Scope metricsScope, EventLoopGroup eventLoop) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(config.target());
    String authority = config.tls() == null ? null : config.tls().serverName();
    if (config.tls() != null) {
      options.setSslContext(sslContext(config.tls()));
    }
    options.setChannelInitializer(channel -> {
      if (eventLoop != null) {
        ((NettyChannelBuilder) channel)
            .eventLoopGroup(eventLoop)
            .channelType(NioSocketChannel.class);
      }
      if (authority != null) {
        channel.overrideAuthority(authority);
      }
    });
    if (config.apiKey() != null) {
      options.setEnableHttps(true).addApiKey(config::apiKey);
    }
    if (metricsScope != null) {
      options.setMetricsScope(metricsScope);
    }
    return options.build();
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public TemporalConfig config() {
    return config;
  }

  /** Whether the service answers now, within two seconds. */
  public boolean reachable() {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    // shutdownNow: a command's pending long poll (a runbook's result it no longer waits for)
    // would otherwise hold the process for its whole poll, about 20 s
    stubs.shutdownNow();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext(TlsConfig tls) {
    try {
      if (tls.clientCert() == null) {
        return trustingConfiguredCa(SimpleSslContextBuilder.noKeyOrCertChain(), tls).build();
      }
      // the builder reads the PEM streams only when it builds: they must still be open then
      try (InputStream cert = Files.newInputStream(tls.clientCert());
          InputStream key = Files.newInputStream(tls.clientKey())) {
        return trustingConfiguredCa(SimpleSslContextBuilder.forPKCS8(cert, key), tls).build();
      }
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new TemporalUnreachableException(
          ("cannot set up TLS to Temporal from temporal.tls (%s): %s. The certificate and the CA"
                  + " must be PEM, the key PEM in PKCS#8 (BEGIN PRIVATE KEY)")
              .formatted(tls, e.getMessage()),
          e);
    }
  }

  private static SimpleSslContextBuilder trustingConfiguredCa(
      SimpleSslContextBuilder builder, TlsConfig tls) throws IOException, GeneralSecurityException {
    if (tls.caCert() != null) {
      builder.setTrustManager(trusting(tls).getTrustManagers()[0]);
    }
    return builder;
  }

  private static TrustManagerFactory trusting(TlsConfig tls)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(tls.caCert())) {
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }
}
