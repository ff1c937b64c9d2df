package dev.drd.cli;

import picocli.CommandLine.IVersionProvider;

/** What {@code drd version} and {@code --version} on every command print. */
final class VersionProvider implements IVersionProvider {
  /** drd's version from the jar's manifest; a build from the sources has none. */
  static String drd() {
    String version = DrdCommand.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }

  static String java() {
    return Runtime.version().toString();
  }

  @Override
  public String[] getVersion() {
    return new String[] {"drd " + drd(), "Java " + java()};
  }
}
