package dev.drd.runbook;

import java.net.URI;
import java.time.Duration;

public record HttpCheck(URI url, Duration timeout) {
  public HttpCheck {
    timeout = timeout != null ? timeout : Duration.ofSeconds(10);
  }
}
