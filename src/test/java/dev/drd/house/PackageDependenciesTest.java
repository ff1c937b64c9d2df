package dev.drd.house;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The layers of drd, read from the sources: every reference to a {@code dev.drd} class (an import
 * or a fully qualified name) is an arrow from the file's package to the class's package. Arrows run
 * down the layers or within one, never up, and no package reaches itself through others.
 *
 * <p>A package belongs to the layer of its first segment ({@code daemon.dev} is in {@code daemon}'s
 * layer), and every first segment must be listed below: a new top-level package fails {@link
 * #everyPackageHasALayer} until it is given a layer. docs/architecture.md draws the same picture.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/drd");

  /** The root package {@code dev.drd}, home of {@code Main} only. */
  private static final String ROOT = "";

  /** Lowest first; each layer may import its own and the ones listed before it. */
  private static final List<Layer> LAYERS =
      List.of(
          new Layer(
              "adapters",
              "one package per external system, plus what every runbook shares",
              "aws",
              "cluster",
              "config",
              "dns",
              "failure",
              "logging",
              "postgres",
              "storage",
              "temporal"),
          new Layer(
              "runbooks",
              "workflows, their activities and what starts them",
              "archive",
              "backup",
              "drill",
              "failover",
              "recover",
              "restore",
              "runbook",
              "schedule",
              // the RPO watchdog's own package, once it leaves drill/
              "watchdog"),
          new Layer("daemon", "the worker process: wiring, health, shutdown, dev mode", "daemon"),
          new Layer("cli", "picocli commands", "cli"),
          new Layer("main", "dev.drd.Main, which runs the root command", ROOT));

  /** An import or a fully qualified name: group 1 is the package under dev.drd, "" for the root. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\.drd\\.((?:[a-z][a-z0-9]*\\.)*)(?:[A-Z]\\w*|\\*)");

  private record Layer(String name, String holds, String... packages) {}

  /** One reference from a file in package {@code from} to package {@code to}. */
  private record Arrow(String from, String to, Path file, int line, String text) {
    @Override
    public String toString() {
      return "%s -> %s  (%s:%d: %s)".formatted(label(from), label(to), file, line, text.strip());
    }
  }

  private static String label(String pkg) {
    return pkg.isEmpty() ? "dev.drd" : pkg;
  }

  private static List<Arrow> arrows() throws IOException {
    List<Arrow> arrows = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String from = packageOf(file);
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).startsWith("package ")) {
            continue;
          }
          Matcher m = REFERENCE.matcher(lines.get(i));
          while (m.find()) {
            String to =
                m.group(1).isEmpty() ? ROOT : m.group(1).substring(0, m.group(1).length() - 1);
            if (!to.equals(from)) {
              arrows.add(new Arrow(from, to, file, i + 1, lines.get(i)));
            }
          }
        }
      }
    }
    return arrows;
  }

  private static String packageOf(Path file) {
    return SOURCES.relativize(file.getParent()).toString().replace('/', '.');
  }

  private static Set<String> packages() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      Set<String> packages = new TreeSet<>();
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> packages.add(packageOf(f)));
      return packages;
    }
  }

  /** The index of the package's layer in {@link #LAYERS}, or -1 if it has none. */
  private static int layerOf(String pkg) {
    String first = pkg.split("\\.")[0];
    for (int i = 0; i < LAYERS.size(); i++) {
      if (List.of(LAYERS.get(i).packages()).contains(first)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void everyPackageHasALayer() throws IOException {
    Set<String> packages = packages();
    assertThat(packages).contains(ROOT, "backup", "daemon.dev", "storage", "temporal");
    assertThat(packages.stream().filter(p -> layerOf(p) < 0).map(p -> "dev.drd." + p))
        .as("packages with no layer: add each to a layer in PackageDependenciesTest.LAYERS")
        .isEmpty();
  }

  @Test
  void noArrowRunsUpALayer() throws IOException {
    List<String> upward = new ArrayList<>();
    for (Arrow a : arrows()) {
      int from = layerOf(a.from());
      int to = layerOf(a.to());
      if (from >= 0 && to > from) {
        upward.add(LAYERS.get(from).name() + " -> " + LAYERS.get(to).name() + ": " + a);
      }
    }
    assertThat(upward)
        .as(
            "imports from a lower layer up to a higher one (layers, lowest first: %s)",
            LAYERS.stream().map(Layer::name).toList())
        .isEmpty();
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Map<String, Arrow>> graph = new TreeMap<>();
    for (Arrow a : arrows()) {
      graph.computeIfAbsent(a.from(), p -> new TreeMap<>()).putIfAbsent(a.to(), a);
    }
    assertThat(graph).containsKeys(ROOT, "backup", "daemon.dev", "schedule", "temporal");
    Map<String, Set<String>> reach = new TreeMap<>();
    graph.keySet().forEach(p -> reach.put(p, reachable(graph, p)));
    List<String> cycles = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String p : reach.keySet()) {
      if (reach.get(p).contains(p) && done.add(p)) {
        // one cycle per knot of packages that all reach each other: the shortest through p
        reach.get(p).stream()
            .filter(q -> reach.getOrDefault(q, Set.of()).contains(p))
            .forEach(done::add);
        cycles.add(
            String.join("\n    ", shortestCycle(graph, p).stream().map(Arrow::toString).toList()));
      }
    }
    assertThat(cycles)
        .as("package cycles, each arrow with one file and line that draws it")
        .isEmpty();
  }

  private static Set<String> reachable(Map<String, Map<String, Arrow>> graph, String from) {
    Set<String> seen = new TreeSet<>();
    List<String> todo = new ArrayList<>(List.of(from));
    while (!todo.isEmpty()) {
      for (String next : graph.getOrDefault(todo.remove(todo.size() - 1), Map.of()).keySet()) {
        if (seen.add(next)) {
          todo.add(next);
        }
      }
    }
    return seen;
  }

  /** Breadth first from {@code start} back to it: the arrows of the shortest cycle. */
  private static List<Arrow> shortestCycle(Map<String, Map<String, Arrow>> graph, String start) {
    Map<String, Arrow> via = new HashMap<>();
    List<String> frontier = new ArrayList<>(List.of(start));
    while (!frontier.isEmpty()) {
      List<String> next = new ArrayList<>();
      for (String at : frontier) {
        for (Arrow a : graph.getOrDefault(at, Map.of()).values()) {
          if (a.to().equals(start)) {
            List<Arrow> cycle = new ArrayList<>(List.of(a));
            for (String p = at; !p.equals(start); p = via.get(p).from()) {
              cycle.add(0, via.get(p));
            }
            return cycle;
          }
          if (!a.to().equals(start) && via.putIfAbsent(a.to(), a) == null) {
            next.add(a.to());
          }
        }
      }
      frontier = next;
    }
    throw new IllegalStateException(start + " is on no cycle");
  }
}
