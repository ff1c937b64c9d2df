package dev.drd.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON documents drd keeps beside its backups (manifests, drill reports): readable by people,
 * times and durations in ISO-8601, unknown fields ignored so that older drd versions read newer
 * documents.
 */
public final class Documents {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private Documents() {}

  public static byte[] toJson(Object document) {
    try {
      return JSON.writeValueAsBytes(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T fromJson(byte[] json, Class<T> type) throws IOException {
    return JSON.readValue(json, type);
  }

  /** Reads a document from the store; one that does not parse is a storage failure naming it. */
  public static <T> T read(ObjectStore store, String key, Class<T> type) {
    try {
      return fromJson(store.read(key), type);
    } catch (IOException e) {
      throw new DrdException(
          FailureType.DOCUMENT_UNREADABLE,
          "%s is not readable JSON: %s".formatted(key, e.getMessage()),
          e);
    }
  }
}
