package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PostgreSQL programs drd runs (pg_dump, pg_restore, and for local clusters initdb, pg_ctl,
 * pg_basebackup), from one bin directory so that their versions agree.
 */
public final class PgTools {
  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");
  private final Path binDir;
  private final Map<String, Integer> majors = new ConcurrentHashMap<>();

  private PgTools(Path binDir) {
    this.binDir = binDir;
  }

  /**
   * The configured bin directory, else {@code pg_config --bindir}, else the newest
   * /usr/lib/postgresql/N/bin, else the directory of pg_dump on PATH.
   */
  public static PgTools locate(Optional<Path> configured) {
    if (configured.isPresent()) {
      return new PgTools(configured.get());
    }
    return Stream.<Optional<Path>>of(
            newestDebianBinDir(), fromPgConfig(), onPath("pg_dump").map(Path::getParent))
        .flatMap(Optional::stream)
        .filter(dir -> Files.isExecutable(dir.resolve("pg_dump")))
        .findFirst()
        .map(PgTools::new)
        .orElseThrow(() ->
            new DrdException(
                FailureType.TOOL_MISSING,
                "no PostgreSQL client programs found (pg_dump): install the postgresql-client"
                    + " package of your server's major version, or set postgres.binDir in the"
                    + " config"));
  }

  public Path binDir() {
    return binDir;
  }

  /** The path of a program, which must exist. */
  public Path tool(String name) {
    Path tool = binDir.resolve(name);
    if (!Files.isExecutable(tool)) {
      throw new DrdException(
          FailureType.TOOL_MISSING,
          "%s is not in %s: install the PostgreSQL package that has it, or set postgres.binDir"
              .formatted(name, binDir));
    }
    return tool;
  }

  /** The major version of a program, e.g. 15 for pg_dump 15.18. */
  public int majorVersion(String name) {
    return majors.computeIfAbsent(name, n -> readMajor(tool(n)));
  }

  /** pg_dump cannot dump a server newer than itself; say so before trying. */
  public void requireDumpCanRead(int serverMajor, String what) {
    int dump = majorVersion("pg_dump");
    if (dump < serverMajor) {
      throw new DrdException(
          FailureType.TOOL_INCOMPATIBLE,
          ("pg_dump %d in %s cannot dump %s, which runs PostgreSQL %d: install the client programs"
                  + " of version %d or newer and point postgres.binDir at them")
              .formatted(dump, binDir, what, serverMajor, serverMajor));
    }
  }

  private static int readMajor(Path tool) {
    try {
      Process p =
          new ProcessBuilder(tool.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      Matcher m = VERSION.matcher(out);
      if (!m.find()) {
        throw new DrdException(
            FailureType.TOOL_MISSING,
            "cannot tell the version of %s from '%s'".formatted(tool, out.strip()));
      }
      return Integer.parseInt(m.group(1));
    } catch (IOException e) {
      throw new DrdException(
          FailureType.TOOL_MISSING, "cannot run %s: %s".formatted(tool, e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrdException(
          FailureType.INTERRUPTED, "interrupted while asking " + tool + " its version", e);
    }
  }

  private static Optional<Path> newestDebianBinDir() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
          .map(p -> p.resolve("bin"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> fromPgConfig() {
    return onPath("pg_config")
        .flatMap(pgConfig -> {
          try {
            Process p = new ProcessBuilder(pgConfig.toString(), "--bindir").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? Optional.of(Path.of(out.strip())) : Optional.empty();
          } catch (IOException | InterruptedException e) {
            return Optional.empty();
          }
        });
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<Path> candidates = new ArrayList<>();
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, program));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }
}
