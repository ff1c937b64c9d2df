package dev.drd.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A timeline's history file ({@code 00000002.history}): the timelines it descends from, each with
 * the WAL position where it ended and the next one began. A promotion writes one.
 *
 * @param timeline the timeline the file belongs to
 * @param switches its ancestors, oldest first
 */
public record TimelineHistory(int timeline, List<Switch> switches) {
  /** Timeline {@code ancestor} ended at {@code at}; the next one in the history began there. */
  public record Switch(int ancestor, long at) {}

  /** One stretch of WAL on one timeline: from {@code begin} to {@code end} (-1: still open). */
  public record Span(int timeline, long begin, long end) {}

  public TimelineHistory {
    switches = List.copyOf(switches);
  }

  public static String fileName(int timeline) {
    return "%08X.history".formatted(timeline);
  }

  /** Reads a history file as PostgreSQL writes it: {@code tli<TAB>lsn<TAB>reason}, # comments. */
  public static TimelineHistory parse(int timeline, byte[] content) {
    List<Switch> switches = new ArrayList<>();
    for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] fields = l.split("\\s+");
      if (fields.length < 2) {
        throw new IllegalArgumentException(
            "timeline %d's history has a line without a position: %s".formatted(timeline, l));
      }
      switches.add(new Switch(Integer.parseInt(fields[0]), Lsn.parse(fields[1])));
    }
    return new TimelineHistory(timeline, switches);
  }

  /** Every timeline of the history with the WAL it holds, oldest first, this one last. */
  public List<Span> spans() {
    List<Span> spans = new ArrayList<>();
    long begin = 0;
    for (Switch s : switches) {
      spans.add(new Span(s.ancestor(), begin, s.at()));
      begin = s.at();
    }
    spans.add(new Span(timeline, begin, -1));
    return spans;
  }

  /** Where this timeline began: the last switch, 0 for timeline 1. */
  public long begin() {
    return switches.isEmpty() ? 0 : switches.get(switches.size() - 1).at();
  }

  /** The span of {@code tli} when this history passes through it. */
  public Optional<Span> span(int tli) {
    return spans().stream().filter(s -> s.timeline() == tli).findFirst();
  }
}
