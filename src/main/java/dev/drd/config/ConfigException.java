package dev.drd.config;

import java.util.List;

/** A config that cannot be used, with every problem named by file and key. Exit code 2. */
public class ConfigException extends RuntimeException {
  private final String source;
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(render(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String source, String problem) {
    this(source, List.of(problem));
  }

  public String source() {
    return source;
  }

  public List<String> problems() {
    return problems;
  }

  private static String render(String source, List<String> problems) {
    if (problems.size() == 1) {
      return source + ": " + problems.get(0);
    }
    StringBuilder out = new StringBuilder(source).append(": ").append(problems.size());
    out.append(" problems:");
    problems.forEach(p -> out.append("\n  - ").append(p));
    return out.toString();
  }
}
