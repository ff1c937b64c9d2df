package dev.drd.config;

import java.nio.file.Path;

/**
 * Where pg_dump and pg_restore live. Unset: {@code pg_config --bindir}, then the newest
 * /usr/lib/postgresql/N/bin, then PATH.
 */
public record PostgresToolsConfig(Path binDir) {}
