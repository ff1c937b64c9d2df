package dev.drd.house;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package graph, read from the sources' imports: no cycle between packages, and no arrow from
 * an adapter (one per external system) up to a runbook.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/drd");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?dev\\.drd\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);
  private static final Set<String> ADAPTERS =
      Set.of("aws", "cluster", "dns", "postgres", "storage", "config", "failure");
  private static final Set<String> RUNBOOKS =
      Set.of(
          "archive",
          "backup",
          "restore",
          "drill",
          "failover",
          "recovery",
          "runbook",
          "schedule",
          "daemon",
          "cli");

  private static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> imports = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path dir = SOURCES.relativize(file.getParent());
        String pkg = dir.toString().isEmpty() ? "" : dir.toString().replace('/', '.');
        Set<String> to = imports.computeIfAbsent(pkg, p -> new TreeSet<>());
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            to.add(m.group(1));
          }
        }
      }
    }
    return imports;
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> graph = graph();
    List<String> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      findCycle(graph, start, start, new ArrayList<>(List.of(start)), new HashSet<>(), cycles);
    }
    assertThat(graph).containsKeys("backup", "schedule", "temporal");
    assertThat(cycles).as("package cycles").isEmpty();
  }

  @Test
  void noAdapterImportsARunbook() throws IOException {
    Map<String, Set<String>> graph = graph();
    List<String> upward = new ArrayList<>();
    for (String adapter : ADAPTERS) {
      for (String to : graph.getOrDefault(adapter, Set.of())) {
        if (RUNBOOKS.contains(to.split("\\.")[0])) {
          upward.add(adapter + " -> " + to);
        }
      }
    }
    assertThat(graph).containsKeys("postgres", "storage");
    assertThat(upward).as("adapters importing runbooks").isEmpty();
  }

  private static void findCycle(
      Map<String, Set<String>> graph,
      String start,
      String at,
      List<String> path,
      Set<String> seen,
      List<String> cycles) {
    for (String next : graph.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        cycles.add(String.join(" -> ", path) + " -> " + start);
      } else if (seen.add(next)) {
        path.add(next);
        findCycle(graph, start, next, path, seen, cycles);
        path.remove(path.size() - 1);
      }
    }
  }
}
