package dev.drd.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = {
      "Print drd's version and the Java it runs on (as --version does on every command).",
      "",
      "Example:  drd version --json"
    })
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin JsonOption json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled) {
      Json.print(
          out, Json.object().put("drd", VersionProvider.drd()).put("java", VersionProvider.java()));
    } else {
      for (String line : new VersionProvider().getVersion()) {
        out.println(line);
      }
      out.flush();
    }
    return ExitCodes.OK;
  }
}
