package dev.drd.testing;

import dev.drd.cli.DrdCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import picocli.CommandLine;

/** Runs a real drd command line in this JVM, as the jar's main would. */
public final class Cli {
  private Cli() {}

  public record Run(int exitCode, String out, String err) {}

  /** drd's command tree, printing nowhere: to walk its commands and options. */
  public static CommandLine commandLine() {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    return DrdCommand.commandLine(nowhere, nowhere);
  }

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        DrdCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
