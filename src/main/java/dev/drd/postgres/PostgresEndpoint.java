package dev.drd.postgres;

import dev.drd.config.DatabaseConnection;
import dev.drd.config.Secrets;
import dev.drd.config.TargetConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How to reach one database. {@code label} names it in messages (the target name); the password
 * never appears in {@link #toString()}.
 */
public record PostgresEndpoint(
    String label,
    String host,
    int port,
    String database,
    String user,
    String password,
    String sslMode) {

  public static PostgresEndpoint of(TargetConfig target, Secrets secrets) {
    return of(target.name(), target, secrets);
  }

  public static PostgresEndpoint of(String label, DatabaseConnection db, Secrets secrets) {
    return new PostgresEndpoint(
        label,
        db.host(),
        db.port(),
        db.database(),
        db.user(),
        secrets.password(db).orElse(null),
        db.sslMode());
  }

  public PostgresEndpoint withDatabase(String otherDatabase) {
    return new PostgresEndpoint(label, host, port, otherDatabase, user, password, sslMode);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://%s:%d/%s".formatted(host, port, database);
  }

  public Properties jdbcProperties(String applicationName) {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("sslmode", sslMode);
    p.setProperty("ApplicationName", applicationName);
    p.setProperty("connectTimeout", "10");
    p.setProperty("tcpKeepAlive", "true");
    return p;
  }

  /** libpq's environment, so that no password ever shows in a process list. */
  Map<String, String> libpqEnvironment(String applicationName) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", host);
    env.put("PGPORT", Integer.toString(port));
    env.put("PGDATABASE", database);
    env.put("PGUSER", user);
    env.put("PGSSLMODE", sslMode);
    env.put("PGAPPNAME", applicationName);
    env.put("PGCONNECT_TIMEOUT", "10");
    if (password != null) {
      env.put("PGPASSWORD", password);
    }
    return env;
  }

  /** {@code orders (drd@db.internal:5432/orders)}. */
  public String describe() {
    return "%s (%s@%s:%d/%s)".formatted(label, user, host, port, database);
  }

  @Override
  public String toString() {
    return describe();
  }
}
