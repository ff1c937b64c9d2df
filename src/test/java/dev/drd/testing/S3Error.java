package dev.drd.testing;

import dev.drd.testing.FaultyHttpProxy.Request;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The 5xx errors S3 asks clients to retry, as S3 sends them. */
public enum S3Error {
  INTERNAL_ERROR(500, "Internal Server Error", "InternalError"),
  SLOW_DOWN(503, "Slow Down", "SlowDown"),
  SERVICE_UNAVAILABLE(503, "Service Unavailable", "ServiceUnavailable");

  private final int status;
  private final String reason;
  private final String code;

  S3Error(int status, String reason, String code) {
    this.status = status;
    this.reason = reason;
    this.code = code;
  }

  /** The whole response, closing the connection: the proxy does not read what follows. */
  byte[] response(Request request) {
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code>"
                + "<Message>injected by the test proxy</Message><Resource>%s</Resource>"
                + "<RequestId>drd-fault</RequestId></Error>")
            .formatted(code, request.path())
            .getBytes(StandardCharsets.UTF_8);
    boolean head = request.method().equals("HEAD");
    String headers =
        ("HTTP/1.1 %d %s\r\nContent-Type: application/xml\r\nContent-Length: %d\r\n"
                + "x-amz-request-id: drd-fault\r\nConnection: close\r\n\r\n")
            .formatted(status, reason, head ? 0 : body.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
    if (!head) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }
}
