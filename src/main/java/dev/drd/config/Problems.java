package dev.drd.config;

/** How a problem of a YAML file is written: the key path, then what is wrong in plain words. */
public final class Problems {
  private Problems() {}

  /** {@code dns.ttl: problem}; at the top level, the problem alone. */
  public static String at(String key, String problem) {
    return key.isEmpty() ? problem : key + ": " + problem;
  }

  /**
   * {@code database: missing required key 'promote'; hint}: named at the mapping it is missing
   * from, where it has to be added.
   */
  public static String missing(String key, String hint) {
    int dot = key.lastIndexOf('.');
    String parent = dot < 0 ? "" : key.substring(0, dot);
    String problem = "missing required key '%s'".formatted(key.substring(dot + 1));
    return at(parent, hint.isEmpty() ? problem : problem + "; " + hint);
  }

  public static String missing(String key) {
    return missing(key, "");
  }

  /** Whether a problem is about {@code key} or a key below it. */
  static boolean isAbout(String problem, String key) {
    return problem.startsWith(key + ":")
        || problem.startsWith(key + ".")
        || problem.startsWith(key + "[")
        || problem.startsWith(missing(key));
  }
}
