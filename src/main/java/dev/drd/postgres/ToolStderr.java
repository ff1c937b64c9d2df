package dev.drd.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads what a PostgreSQL program says on stderr (it runs with --verbose): every line goes to a
 * listener for progress, and the last lines are kept to explain a failure.
 */
final class ToolStderr {
  private static final int TAIL_LINES = 20;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread reader;

  ToolStderr(String tool, InputStream stderr, Consumer<String> listener) {
    this.reader = Thread.ofVirtual().name(tool + " stderr").start(() -> read(stderr, listener));
  }

  void awaitEnd(long seconds) throws InterruptedException {
    reader.join(TimeUnit.SECONDS.toMillis(seconds));
  }

  /** The lines that say what went wrong, else the last lines; progress chatter left out. */
  String summary(String tool) {
    synchronized (tail) {
      return tail.stream()
          .filter(l -> !l.startsWith(tool + ": dumping") && !l.startsWith(tool + ": reading"))
          .filter(l ->
              l.contains("error")
                  || l.contains("fatal")
                  || l.contains("FATAL")
                  || l.contains("detail"))
          .reduce((a, b) -> a + " | " + b)
          .orElse(String.join(" | ", tail));
    }
  }

  private void read(InputStream stderr, Consumer<String> listener) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        listener.accept(line);
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException ignored) {
      // the process is gone; what it said so far is kept
    }
  }
}
