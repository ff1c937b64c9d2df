package dev.drd.config;

import java.nio.file.Path;

/**
 * How drd reaches a PostgreSQL database, as the config writes it: a target, or the shared
 * schedule's store. The password is never here, only where to find it.
 */
public interface DatabaseConnection {
  String host();

  Integer port();

  String database();

  String user();

  /** The environment variable that holds the password. */
  String passwordEnv();

  /** The file that holds the password. */
  Path passwordFile();

  String sslMode();

  /** Names the database in messages: {@code target orders}. */
  String describe();
}
