package dev.drd.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as text: its instructions with continuation lines joined and comments left out.
 * Enough to check what the file says; nothing is built.
 */
record Dockerfile(List<Instruction> instructions) {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

  record Instruction(String keyword, String arguments) {}

  static Dockerfile parse(String text) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      pending.append(trimmed);
      String whole = pending.toString().strip();
      pending.setLength(0);
      if (!whole.isEmpty()) {
        String[] parts = whole.split("\\s+", 2);
        instructions.add(
            new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
      }
    }
    return new Dockerfile(List.copyOf(instructions));
  }

  List<String> all(String keyword) {
    return instructions.stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::arguments)
        .toList();
  }

  Optional<String> last(String keyword) {
    List<String> found = all(keyword);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getLast());
  }

  /** The default of {@code ARG name=default}, as a build without --build-arg uses it. */
  Optional<String> argDefault(String name) {
    return all("ARG").stream()
        .filter(a -> a.startsWith(name + "="))
        .map(a -> unquote(a.substring(name.length() + 1)))
        .reduce((first, second) -> second);
  }

  /**
   * The value of an {@code ENV name=value} of the image, with {@code ${ARG}}s replaced by their
   * defaults.
   */
  Optional<String> env(String name) {
    Pattern pair = Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "=(\"[^\"]*\"|\\S+)");
    return all("ENV").stream()
        .map(pair::matcher)
        .filter(Matcher::find)
        .map(m -> expandArgs(unquote(m.group(1))))
        .reduce((first, second) -> second);
  }

  private String expandArgs(String value) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String arg =
          argDefault(name)
              .orElseThrow(() -> new IllegalStateException("no ARG default for $" + name));
      m.appendReplacement(out, Matcher.quoteReplacement(arg));
    }
    return m.appendTail(out).toString();
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }
}
