package dev.drd.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The text of a config and the name that error messages give it. */
public record ConfigSource(String name, String text) {
  static final String BUILT_IN_DEV = "/dev/drd/config/drd-dev.yaml";

  public static ConfigSource file(Path path) {
    try {
      return new ConfigSource(path.toString(), Files.readString(path));
    } catch (NoSuchFileException e) {
      throw new ConfigException(path.toString(), "the file does not exist");
    } catch (IOException e) {
      throw new ConfigException(path.toString(), "cannot read it: " + e.getMessage());
    }
  }

  /** The dev-mode config, a copy of config/drd-dev.yaml bundled in the jar. */
  public static ConfigSource builtInDev() {
    try (InputStream in = ConfigSource.class.getResourceAsStream(BUILT_IN_DEV)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + BUILT_IN_DEV);
      }
      return new ConfigSource(
          "built-in dev config (config/drd-dev.yaml)",
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
