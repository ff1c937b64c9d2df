package dev.drd.config;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an assertion's value must be, as written in config: an operator and a value, {@code > 0},
 * {@code = 42}, {@code != 'closed'}. Numbers compare as numbers; quoted text only with = and !=.
 */
public record Expectation(String operator, String value, boolean numeric) {
  private static final Pattern FORM = Pattern.compile("\\s*(>=|<=|!=|=|>|<)\\s*(.+?)\\s*");

  public static Expectation parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'%s' is not an expectation; write an operator (=, !=, >, >=, <, <=) and a value, e.g. '> 0'"
              .formatted(text));
    }
    String operator = m.group(1);
    String value = m.group(2);
    if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
      if (!operator.equals("=") && !operator.equals("!=")) {
        throw new IllegalArgumentException("'%s': text compares only with = or !=".formatted(text));
      }
      return new Expectation(operator, value.substring(1, value.length() - 1), false);
    }
    try {
      new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'%s': %s is neither a number nor 'quoted text'".formatted(text, value));
    }
    return new Expectation(operator, value, true);
  }

  /** Whether a value read from the database (null for SQL NULL) meets the expectation. */
  public boolean test(String actual) {
    if (actual == null) {
      return false;
    }
    int cmp;
    if (numeric) {
      try {
        cmp = new BigDecimal(actual.trim()).compareTo(new BigDecimal(value));
      } catch (NumberFormatException e) {
        return false;
      }
    } else {
      cmp = actual.equals(value) ? 0 : 1;
    }
    return switch (operator) {
      case "=" -> cmp == 0;
      case "!=" -> cmp != 0;
      case ">" -> cmp > 0;
      case ">=" -> cmp >= 0;
      case "<" -> cmp < 0;
      case "<=" -> cmp <= 0;
      default -> throw new IllegalStateException(operator);
    };
  }

  @Override
  public String toString() {
    return operator + " " + (numeric ? value : "'" + value + "'");
  }
}
