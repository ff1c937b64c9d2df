package dev.drd.config;

import java.nio.file.Path;

/** How the archiver reaches a target's server: its address, the archive's role and secret. */
record ArchiveConnection(
    String host,
    Integer port,
    String database,
    String user,
    String passwordEnv,
    Path passwordFile,
    String sslMode,
    String describe)
    implements DatabaseConnection {}
