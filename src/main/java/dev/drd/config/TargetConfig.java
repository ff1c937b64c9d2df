package dev.drd.config;

import java.nio.file.Path;

/**
 * A PostgreSQL database that drd protects. The password is never in this file: {@code passwordEnv}
 * names the environment variable and {@code passwordFile} the file that holds it.
 */
public record TargetConfig(
    String name,
    String host,
    Integer port,
    String database,
    String user,
    String passwordEnv,
    Path passwordFile,
    String sslMode,
    BackupPolicy backup) {

  public TargetConfig {
    port = port != null ? port : 5432;
    user = user != null ? user : "postgres";
    sslMode = sslMode != null ? sslMode : "prefer";
    backup = backup != null ? backup : new BackupPolicy(null, null, null, null, null, null);
  }
}
