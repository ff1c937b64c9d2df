package dev.drd.config;

/** The /health, /ready and /metrics endpoint. Port 0 picks a free port. */
public record HttpConfig(String bind, Integer port) {
  public HttpConfig {
    bind = bind != null ? bind : "0.0.0.0";
    port = port != null ? port : 8081;
  }
}
