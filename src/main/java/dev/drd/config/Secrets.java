package dev.drd.config;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a target's password where it is needed, at the moment it is needed, and nowhere else.
 */
public final class Secrets {
  private final Map<String, String> env;

  public Secrets(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static Secrets fromEnvironment() {
    return new Secrets(System.getenv());
  }

  /**
   * A secret named by an environment variable or a file (one of them), e.g. a TSIG key.
   *
   * @param what names the secret in the message when it is missing
   */
  public String named(String envName, Path file, String what) {
    if (envName != null) {
      String value = env.get(envName);
      if (value == null) {
        throw new DrdException(
            FailureType.MISSING_SECRET,
            "%s is not available: environment variable %s is not set in the drd daemon"
                .formatted(what, envName));
      }
      return value;
    }
    try {
      return Files.readString(file).strip();
    } catch (IOException | RuntimeException e) {
      throw new DrdException(
          FailureType.MISSING_SECRET,
          "%s is not available: cannot read %s (%s)".formatted(what, file, e.getMessage()));
    }
  }

  /** Empty when the database names no password (trust or certificate authentication). */
  public Optional<String> password(DatabaseConnection target) {
    if (target.passwordEnv() != null) {
      String value = env.get(target.passwordEnv());
      if (value == null) {
        throw new DrdException(
            FailureType.MISSING_SECRET,
            "the password of %s is not available: environment variable %s is not set in the drd daemon; set it and restart the daemon"
                .formatted(target.describe(), target.passwordEnv()));
      }
      return Optional.of(value);
    }
    if (target.passwordFile() != null) {
      try {
        return Optional.of(Files.readString(target.passwordFile()).strip());
      } catch (IOException e) {
        throw new DrdException(
            FailureType.MISSING_SECRET,
            "the password of %s is not available: cannot read %s (%s)"
                .formatted(target.describe(), target.passwordFile(), e.getMessage()));
      }
    }
    return Optional.empty();
  }
}
