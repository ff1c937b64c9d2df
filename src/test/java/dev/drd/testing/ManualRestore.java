package dev.drd.testing;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a user does with a drd backup by hand: zstd -d, then pg_restore. */
public final class ManualRestore {
  private ManualRestore() {}

  public record Result(int exitCode, String output) {}

  /** {@code zstd -d; pg_restore --list}. */
  public static Result list(byte[] object) throws IOException, InterruptedException {
    return run(object, List.of("--list"));
  }

  /** {@code zstd -d; pg_restore -d DATABASE} against the test server. */
  public static Result into(TestPostgres pg, String database, byte[] object)
      throws IOException, InterruptedException {
    return run(
        object,
        List.of(
            "--no-owner",
            "-h",
            pg.host(),
            "-p",
            Integer.toString(pg.port()),
            "-U",
            "postgres",
            "-d",
            database));
  }

  private static Result run(byte[] object, List<String> args)
      throws IOException, InterruptedException {
    Path archive = Files.createTempFile("drd-test-", ".dump");
    try {
      try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(object))) {
        Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
      }
      List<String> command =
          new ArrayList<>(List.of(TestPostgres.tools().tool("pg_restore").toString()));
      command.addAll(args);
      command.add(archive.toString());
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("PGPASSWORD", "postgres");
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("pg_restore did not finish");
      }
      return new Result(p.exitValue(), output);
    } finally {
      Files.deleteIfExists(archive);
    }
  }
}
