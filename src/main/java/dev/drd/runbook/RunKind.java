package dev.drd.runbook;

import java.util.Arrays;
import java.util.Optional;

/** What a runbook is, read from its workflow id's first segment, as every launcher names them. */
public enum RunKind {
  BACKUP("backup", true),
  RESTORE("restore", true),
  DRILL("drill", true),
  BASE_BACKUP("base-backup", true),
  PITR("pitr", true),
  FAILOVER("failover", false),
  RECOVER("recover", false),
  ARCHIVE("archive", false);

  private final String prefix;
  private final boolean cancellable;

  RunKind(String prefix, boolean cancellable) {
    this.prefix = prefix;
    this.cancellable = cancellable;
  }

  /** The first segment of its workflow ids, e.g. {@code backup}; also its name in metrics. */
  public String prefix() {
    return prefix;
  }

  /** Whether {@code drd cancel} stops it; the others have their own way to end. */
  public boolean cancellable() {
    return cancellable;
  }

  /** Whether a person drives it through approval and decisions: a failover, a recovery. */
  public boolean operated() {
    return this == FAILOVER || this == RECOVER;
  }

  public static Optional<RunKind> of(String workflowId) {
    String first = workflowId.contains("/") ? workflowId.substring(0, workflowId.indexOf('/')) : "";
    return Arrays.stream(values()).filter(k -> k.prefix.equals(first)).findFirst();
  }

  public static Optional<RunKind> named(String name) {
    return Arrays.stream(values()).filter(k -> k.prefix.equalsIgnoreCase(name)).findFirst();
  }

  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(k -> k.prefix).toList());
  }

  /** Who started a run with this id: a person, the schedule, or the daemons. */
  public static String origin(String workflowId) {
    if (workflowId.startsWith("archive/")) {
      return "daemon";
    }
    String last = workflowId.substring(workflowId.lastIndexOf('/') + 1);
    return last.matches("\\d{8}T\\d{6}.*|\\d{4}-\\d{2}-\\d{2}T.*") ? "schedule" : "by hand";
  }
}
