package dev.drd.runbook.activities;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.runbook.HttpCheck;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A runbook's post-checks: an HTTP URL answering 2xx, a write test on a database. */
public final class PostCheckRunner {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param where where the service runs now, for the message, e.g. "in the new region"
   */
  public String http(HttpCheck check, String where) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(check.url()).timeout(check.timeout()).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new DrdException(
            FailureType.POST_CHECK_FAILED,
            ("GET %s answered %d, not 2xx: check the service %s (its pods, its logs), then retry"
                    + " the step")
                .formatted(check.url(), response.statusCode(), where));
      }
      return "GET %s: %d".formatted(check.url(), response.statusCode());
    } catch (IOException e) {
      throw new DrdException(
          FailureType.POST_CHECK_FAILED,
          ("GET %s failed: %s. Check that the service %s answers at that URL, then retry the"
                  + " step")
              .formatted(check.url(), e.getMessage(), where),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrdException(FailureType.INTERRUPTED, "interrupted during GET " + check.url(), e);
    }
  }

  /** Writes and reads a row of a temporary table: the database takes writes. */
  public String write(PostgresEndpoint endpoint, String applicationName) {
    try (Connection c = Postgres.connect(endpoint, applicationName);
        Statement st = c.createStatement()) {
      st.execute("CREATE TEMP TABLE drd_write_check (at timestamptz)");
      st.execute("INSERT INTO drd_write_check VALUES (now())");
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM drd_write_check")) {
        rs.next();
        return "wrote and read %d row on %s".formatted(rs.getLong(1), endpoint.describe());
      }
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    }
  }
}
