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
    BackupPolicy backup,
    VerifyPolicy verify,
    DrillPolicy drill,
    Objectives objectives,
    ArchivePolicy archive)
    implements DatabaseConnection {

  public TargetConfig {
    port = port != null ? port : 5432;
    user = user != null ? user : "postgres";
    sslMode = sslMode != null ? sslMode : "prefer";
    backup =
        backup != null ? backup : new BackupPolicy(null, null, null, null, null, null, null, null);
    verify = verify != null ? verify : new VerifyPolicy(null);
    drill = drill != null ? drill : new DrillPolicy(null, null, null, null);
    objectives = objectives != null ? objectives : new Objectives(null, null);
  }

  @Override
  public String describe() {
    return "target " + name;
  }

  /** Whether the target's server has a continuous WAL archive ({@code archive:}). */
  public boolean archived() {
    return archive != null;
  }

  /**
   * How the archiver reaches the server: the target's address with the archive's role and secret
   * (the target's own when the archive names no role).
   */
  public DatabaseConnection archiveConnection() {
    boolean ownRole = archive.user() != null;
    String role = ownRole ? archive.user() : user;
    String env = ownRole ? archive.passwordEnv() : passwordEnv;
    Path file = ownRole ? archive.passwordFile() : passwordFile;
    return new ArchiveConnection(
        host, port, database, role, env, file, sslMode, "the archive of target " + name);
  }

  /** The target whose server a drill restores into: the configured staging server, else this. */
  public String drillServer() {
    return drill.server() != null ? drill.server() : name;
  }
}
