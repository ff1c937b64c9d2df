package dev.drd.config;

import java.util.List;

/**
 * @param format {@code text} (the default: one line a message, for people) or {@code json} (one
 *     JSON object a line, for a log pipeline)
 */
public record LoggingConfig(String format) {
  public static final String TEXT = "text";
  public static final String JSON = "json";
  static final List<String> FORMATS = List.of(TEXT, JSON);

  public LoggingConfig {
    format = format != null ? format : TEXT;
  }

  public boolean json() {
    return JSON.equals(format);
  }
}
