package dev.drd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A docker-compose.yml read as YAML, with the few parts of the Compose specification that the
 * deployment tests check: services, published ports, dependencies, environments, bind mounts and
 * durations. Variables are interpolated as Compose does when none of them is set, so that the
 * file's own defaults are what is checked.
 */
record ComposeFile(Path dir, JsonNode root) {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\$|\\$\\{(\\w+)(?:(:?[-?])([^}]*))?}|\\$(\\w+)");
  private static final Pattern GO_DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  static ComposeFile read(Path file) throws IOException {
    return new ComposeFile(
        file.toAbsolutePath().getParent(), new YAMLMapper().readTree(Files.readString(file)));
  }

  List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    root.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  JsonNode service(String name) {
    JsonNode service = root.path("services").path(name);
    if (service.isMissingNode()) {
      throw new AssertionError("docker-compose.yml has no service " + name);
    }
    return service;
  }

  /** The host ports a service publishes (short or long syntax); ephemeral ones are left out. */
  List<Integer> publishedPorts(String name) {
    List<Integer> ports = new ArrayList<>();
    for (JsonNode port : service(name).path("ports")) {
      if (port.isObject()) {
        if (port.hasNonNull("published")) {
          ports.add(Integer.parseInt(port.get("published").asText()));
        }
        continue;
      }
      String[] parts = port.asText().replaceAll("/(tcp|udp)$", "").split(":");
      if (parts.length >= 2) {
        ports.add(Integer.parseInt(parts[parts.length - 2]));
      }
    }
    return ports;
  }

  /** The container ports a service publishes. */
  List<Integer> containerPorts(String name) {
    List<Integer> ports = new ArrayList<>();
    for (JsonNode port : service(name).path("ports")) {
      String target =
          port.isObject()
              ? port.path("target").asText()
              : port.asText().replaceAll("/(tcp|udp)$", "").replaceAll(".*:", "");
      ports.add(Integer.parseInt(target));
    }
    return ports;
  }

  /**
   * What a service waits for: dependency → condition; a dependency listed without a condition maps
   * to "" (Compose then only waits for it to be started).
   */
  Map<String, String> dependsOn(String name) {
    JsonNode deps = service(name).path("depends_on");
    Map<String, String> conditions = new LinkedHashMap<>();
    if (deps.isArray()) {
      deps.forEach(d -> conditions.put(d.asText(), ""));
    } else {
      deps.properties()
          .forEach(e -> conditions.put(e.getKey(), e.getValue().path("condition").asText("")));
    }
    return conditions;
  }

  /** A healthcheck that Compose runs: present, with a test, and not disabled. */
  boolean hasHealthcheck(String name) {
    JsonNode check = service(name).path("healthcheck");
    return check.isObject()
        && !check.path("disable").asBoolean(false)
        && check.hasNonNull("test")
        && !"NONE".equals(check.path("test").path(0).asText());
  }

  /** The service's environment (map or list syntax), interpolated. */
  Map<String, String> environment(String name) {
    JsonNode env = service(name).path("environment");
    Map<String, String> values = new LinkedHashMap<>();
    if (env.isArray()) {
      for (JsonNode entry : env) {
        String[] pair = entry.asText().split("=", 2);
        values.put(pair[0], pair.length > 1 ? interpolate(pair[1]) : "");
      }
    } else {
      env.properties().forEach(e -> values.put(e.getKey(), interpolate(e.getValue().asText())));
    }
    return values;
  }

  /** The file or directory bind-mounted at a container path, resolved against the compose dir. */
  Optional<Path> bindMountAt(String name, String containerPath) {
    for (JsonNode volume : service(name).path("volumes")) {
      String source;
      String target;
      if (volume.isObject()) {
        source = volume.path("source").asText();
        target = volume.path("target").asText();
      } else {
        String[] parts = volume.asText().split(":");
        source = parts[0];
        target = parts.length > 1 ? parts[1] : "";
      }
      if (target.equals(containerPath) && (source.startsWith(".") || source.startsWith("/"))) {
        return Optional.of(dir.resolve(source).normalize());
      }
    }
    return Optional.empty();
  }

  /** {@code ${NAME:-default}}, {@code ${NAME-default}} and {@code $$} as Compose reads them. */
  static String interpolate(String value) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else if (m.group(2) != null && m.group(2).endsWith("-")) {
        replacement = m.group(3);
      } else {
        String variable = m.group(1) != null ? m.group(1) : m.group(4);
        throw new AssertionError(
            "'%s' needs $%s, which has no default in the compose file".formatted(value, variable));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }

  /** A Compose duration: Go's syntax ({@code 1m30s}, {@code 330s}, {@code 1.5h}). */
  static Duration duration(String text) {
    if (!text.matches("(" + GO_DURATION_PART.pattern() + ")+")) {
      throw new IllegalArgumentException("'%s' is not a Compose duration".formatted(text));
    }
    Matcher m = GO_DURATION_PART.matcher(text);
    double nanos = 0;
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      nanos +=
          n
              * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
    }
    return Duration.ofNanos(Math.round(nanos));
  }
}
