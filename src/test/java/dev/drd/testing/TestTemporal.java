package dev.drd.testing;

import io.temporal.testserver.TestServer;

/**
 * Temporal's test server as a real gRPC server on a free port, one per test JVM, for tests that run
 * the daemon or the CLI against it. Tests keep apart by task queue and target names.
 */
public final class TestTemporal {
  private static String target;

  private TestTemporal() {}

  public static synchronized String target() {
    if (target == null) {
      int port = Ports.free();
      TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      target = "127.0.0.1:" + port;
    }
    return target;
  }
}
