package dev.drd.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = DrdCommand.class.getPackage().getImplementationVersion();
    return new String[] {
      "drd " + (version == null ? "(development build)" : version), "Java " + Runtime.version()
    };
  }
}
