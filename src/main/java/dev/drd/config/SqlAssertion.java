package dev.drd.config;

/**
 * A check run against a restored database: {@code sql} returns one value, {@code expect} says what
 * it must be ({@code > 0}, {@code = 42}, {@code >= 1000}, {@code = 'open'}).
 *
 * @param name how reports call it; the SQL when none is given
 */
public record SqlAssertion(String name, String sql, String expect) {
  public SqlAssertion {
    name = name != null ? name : sql;
  }
}
