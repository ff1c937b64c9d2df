package dev.drd.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.drd.config.ConfigException;
import dev.drd.config.HttpConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** {@code /health} (the process lives), {@code /ready} (it takes work), {@code /metrics}. */
public final class HealthServer implements AutoCloseable {
  /** Liveness: 200 while the process lives, also while it drains. */
  public static final String HEALTH_PATH = "/health";

  /** Readiness: 200 while the worker polls and Temporal answers, else 503 with the reason. */
  public static final String READY_PATH = "/ready";

  public static final String METRICS_PATH = "/metrics";

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  public static HealthServer start(
      HttpConfig config, Readiness readiness, PrometheusMeterRegistry registry) throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 16);
    } catch (BindException e) {
      throw new ConfigException(
          "drd serve",
          "http.port: %s:%d is in use (another drd?); free it or choose another http.port"
              .formatted(config.bind(), config.port()));
    }
    server.createContext(HEALTH_PATH, ex -> respond(ex, 200, "text/plain", "ok\n"));
    server.createContext(
        READY_PATH,
        ex -> respond(ex, readiness.ready() ? 200 : 503, "text/plain", readiness.state() + "\n"));
    server.createContext(
        METRICS_PATH,
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.setExecutor(
        Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("http-", 0).factory()));
    server.start();
    return new HealthServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
