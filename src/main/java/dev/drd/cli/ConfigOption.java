package dev.drd.cli;

import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.logging.LogSetup;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every command. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "drd's config (YAML). Default: $DRD_CONFIG, else the built-in dev config, which points"
              + " at 'drd serve --dev' (Temporal on 127.0.0.1:7233).")
  Path file;

  /** A loaded config and where it came from. */
  record Loaded(ConfigSource source, DrdConfig config, ConfigLoader loader) {}

  Loaded load() {
    ConfigSource source = source();
    ConfigLoader loader = ConfigLoader.fromEnvironment();
    DrdConfig config = loader.load(source);
    LogSetup.useJson(config.logging().json());
    return new Loaded(source, config, loader);
  }

  /** True when neither --config nor $DRD_CONFIG names a file. */
  boolean isDefault() {
    return file == null && System.getenv("DRD_CONFIG") == null;
  }

  private ConfigSource source() {
    if (file != null) {
      return ConfigSource.file(file);
    }
    String fromEnv = System.getenv("DRD_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return ConfigSource.file(Path.of(fromEnv));
    }
    return ConfigSource.builtInDev();
  }
}
