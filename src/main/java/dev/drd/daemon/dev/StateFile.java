package dev.drd.daemon.dev;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A small JSON map in dev mode's state directory, read and replaced whole (write, then rename), so
 * that a stand-in's state survives a restart and a person can read it.
 */
final class StateFile<V> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final TypeReference<TreeMap<String, V>> type;

  StateFile(Path file, TypeReference<TreeMap<String, V>> type) {
    this.file = file;
    this.type = type;
  }

  Path path() {
    return file;
  }

  synchronized Map<String, V> read() {
    try {
      return Files.exists(file) ? JSON.readValue(file.toFile(), type) : new TreeMap<>();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dev mode's " + file, e);
    }
  }

  /** Applies a change to the map and writes it back. */
  synchronized void update(Consumer<Map<String, V>> change) {
    Map<String, V> entries = read();
    change.accept(entries);
    try {
      Files.createDirectories(file.getParent());
      Path next = file.resolveSibling(file.getFileName() + ".next");
      JSON.writeValue(next.toFile(), entries);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dev mode's " + file, e);
    }
  }

  /** Writes the initial entries unless the file exists already. */
  void seed(Map<String, V> initial) {
    if (!Files.exists(file)) {
      update(entries -> entries.putAll(initial));
    }
  }
}
