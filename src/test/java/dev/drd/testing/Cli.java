package dev.drd.testing;

import dev.drd.cli.DrdCommand;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a real drd command line in this JVM, as the jar's main would. */
public final class Cli {
  private Cli() {}

  public record Run(int exitCode, String out, String err) {}

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        DrdCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
