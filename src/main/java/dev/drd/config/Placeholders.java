package dev.drd.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config values by the environment. */
final class Placeholders {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private Placeholders() {}

  /** Returns the value with placeholders resolved; adds a problem per variable that is unset. */
  static String resolve(String value, String key, Map<String, String> env, List<String> problems) {
    Matcher m = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String resolved = env.get(m.group(1));
      if (resolved == null) {
        resolved = m.group(2);
      }
      if (resolved == null) {
        problems.add(
            "%s: environment variable %s is not set (or write ${%s:-default})"
                .formatted(key, m.group(1), m.group(1)));
        resolved = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolved));
    }
    m.appendTail(out);
    return out.toString();
  }
}
