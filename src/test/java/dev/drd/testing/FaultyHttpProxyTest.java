package dev.drd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.drd.testing.FaultyHttpProxy.Burst;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy keeps HTTP/1.1 framing intact, chunked bodies included, around the faults it adds. */
class FaultyHttpProxyTest {
  private final Set<Integer> upstreamConnections = ConcurrentHashMap.newKeySet();
  private final HttpServer echo = echoServer();
  private final FaultyHttpProxy proxy =
      FaultyHttpProxy.start(URI.create("http://127.0.0.1:" + echo.getAddress().getPort()));
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    http.close();
    proxy.close();
    echo.stop(0);
  }

  @Test
  void chunkedBodiesPassWholeOnOneConnectionAndABurstAnswersInstead() throws Exception {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    Burst burst = proxy.failNext(1, S3Error.SLOW_DOWN, r -> r.path().equals("/flaky"));

    for (int i = 0; i < 3; i++) {
      assertThat(chunkedPut("/steady", data).body()).isEqualTo("PUT /steady 300000");
    }
    assertThat(upstreamConnections).as("one connection, reused").hasSize(1);
    HttpResponse<String> fault = chunkedPut("/flaky?partNumber=2", data);
    assertThat(fault.statusCode()).isEqualTo(503);
    assertThat(fault.body()).contains("<Code>SlowDown</Code>");
    assertThat(chunkedPut("/flaky", data).body()).isEqualTo("PUT /flaky 300000");

    assertThat(burst.hits())
        .containsExactly(new FaultyHttpProxy.Request("PUT", "/flaky?partNumber=2"));
    assertThat(burst.hits().getFirst().parameter("partNumber")).contains("2");
  }

  private HttpResponse<String> chunkedPut(String target, byte[] data) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(proxy.endpoint().resolve(target))
            .timeout(Duration.ofSeconds(10))
            .PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data)))
            .build();
    return http.send(request, BodyHandlers.ofString());
  }

  /** Answers each request with its method, path and body length. */
  private HttpServer echoServer() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            upstreamConnections.add(exchange.getRemoteAddress().getPort());
            int length = exchange.getRequestBody().readAllBytes().length;
            byte[] answer =
                "%s %s %d"
                    .formatted(
                        exchange.getRequestMethod(), exchange.getRequestURI().getPath(), length)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
