package dev.drd;

import dev.drd.cli.DrdCommand;
import java.io.PrintWriter;

/** {@code java -jar drd.jar ...}: runs one command line and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    boolean daemon = args.length > 0 && args[0].equals("serve");
    if (!daemon && System.getProperty("drd.log.level") == null) {
      // The CLI's stderr is for progress; library chatter would drown it.
      System.setProperty("drd.log.level", "WARN");
    }
    int code =
        DrdCommand.commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
            .execute(args);
    System.exit(code);
  }
}
