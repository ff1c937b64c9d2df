package dev.drd.daemon;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT. Handling the signals ourselves (rather than only a shutdown hook) is
 * what lets a clean drain exit with status 0 instead of the JVM's 143.
 */
public final class ShutdownSignals {
  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);
  private final CountDownLatch received = new CountDownLatch(1);

  public static ShutdownSignals install() {
    ShutdownSignals signals = new ShutdownSignals();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (signals.received.getCount() == 0) {
              log.warn("SIG{} again: shutdown is already under way", signal.getName());
            } else {
              log.info("SIG{} received: shutting down gracefully", signal.getName());
            }
            signals.received.countDown();
          });
    }
    return signals;
  }

  public void await() throws InterruptedException {
    received.await();
  }
}
