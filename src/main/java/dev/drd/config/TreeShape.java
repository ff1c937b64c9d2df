package dev.drd.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Checks a YAML tree against the records it binds to, before Jackson does: every unknown key and
 * every value of the wrong kind, named by key, in words rather than Java types (Jackson stops at
 * the first and names {@code java.lang.Boolean}). A key found wrong is removed from the tree, so
 * that binding goes on with its default and the checks that run on the records still report.
 */
final class TreeShape {
  private final List<String> problems = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();

  private TreeShape() {}

  /** The problems of {@code tree} as {@code type}; the keys rejected are gone from the tree. */
  static TreeShape check(ObjectNode tree, Class<?> type) {
    TreeShape shape = new TreeShape();
    shape.mapping(tree, type, "");
    return shape;
  }

  List<String> problems() {
    return problems;
  }

  /** The key paths whose values were removed for being wrong. */
  List<String> rejected() {
    return rejected;
  }

  private void mapping(ObjectNode node, Class<?> type, String key) {
    Map<String, Type> components = new LinkedHashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      components.put(c.getName(), c.getGenericType());
    }
    List<String> wrong = new ArrayList<>();
    for (var field : node.properties()) {
      String name = field.getKey();
      Type expected = components.get(name);
      if (expected == null) {
        problems.add(
            Problems.at(key, "unknown key '%s'%s".formatted(name, hint(name, components))));
        wrong.add(name);
      } else if (!value(field.getValue(), expected, join(key, name))) {
        rejected.add(join(key, name));
        wrong.add(name);
      }
    }
    node.remove(wrong);
  }

  /** Whether the value fits; if not, its problem is added. */
  private boolean value(JsonNode node, Type expected, String key) {
    Class<?> raw = raw(expected);
    if (node == null || node.isNull()) {
      return !raw.isPrimitive() || wrong(key, "a value", node);
    }
    if (raw == String.class || raw == Path.class) {
      return node.isValueNode() || wrong(key, "text", node);
    }
    // Placeholders are resolved to text, so "${PORT}" arrives as "5432": text that reads as the
    // value is as good as the value.
    if (raw == Boolean.class || raw == boolean.class) {
      return node.isBoolean()
          || text(node, t -> t.equals("true") || t.equals("false"))
          || wrong(key, "true or false", node);
    }
    if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
      boolean whole =
          node.isIntegralNumber()
              ? node.canConvertToLong()
              : text(node, t -> t.matches("-?\\d{1,18}"));
      boolean fits = whole && (raw == Long.class || raw == long.class || fitsInt(node.asText()));
      return fits || wrong(key, "a whole number", node);
    }
    if (raw == Duration.class) {
      return parses(node, Durations::parse) || wrong(key, "a duration like 30s, 5m or 1h30m", node);
    }
    if (raw == DataSize.class) {
      return parses(node, DataSize::parse)
          || wrong(key, "a size like 64MiB, 500MB or 1048576", node);
    }
    if (raw == URI.class) {
      return text(node, TreeShape::isUri) || wrong(key, "a URL", node);
    }
    if (raw.isEnum()) {
      List<String> names = Arrays.stream(raw.getEnumConstants()).map(Object::toString).toList();
      return text(node, names::contains) || wrong(key, "one of " + String.join(", ", names), node);
    }
    if (List.class.isAssignableFrom(raw)) {
      if (!(node instanceof ArrayNode array)) {
        return wrong(key, "a list", node);
      }
      Type element = ((ParameterizedType) expected).getActualTypeArguments()[0];
      boolean fits = true;
      for (int i = 0; i < array.size(); i++) {
        fits &= value(array.get(i), element, key + "[" + i + "]");
      }
      return fits;
    }
    if (raw.isRecord()) {
      if (!(node instanceof ObjectNode object)) {
        return wrong(key, "a mapping of keys", node);
      }
      mapping(object, raw, key);
    }
    return true;
  }

  private boolean wrong(String key, String expected, JsonNode got) {
    problems.add(Problems.at(key, "expected %s, got %s".formatted(expected, describe(got))));
    return false;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a mapping of keys";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.isTextual() ? "\"" + node.asText() + "\"" : node.asText();
  }

  /** {@code (did you mean 'database'?)} for a near miss, else the keys there are. */
  private static String hint(String name, Map<String, Type> components) {
    String lower = name.toLowerCase(Locale.ROOT);
    return components.keySet().stream()
        .filter(k -> distance(lower, k.toLowerCase(Locale.ROOT)) <= Math.min(2, name.length() / 2))
        .min(Comparator.comparingInt(k -> distance(lower, k.toLowerCase(Locale.ROOT))))
        .map(k -> " (did you mean '%s'?)".formatted(k))
        .orElse("; the keys here are " + String.join(", ", components.keySet()));
  }

  private static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + change);
        diagonal = above;
      }
    }
    return row[b.length()];
  }

  private static boolean text(JsonNode node, Predicate<String> fits) {
    return node.isTextual() && fits.test(node.asText());
  }

  private static boolean parses(JsonNode node, Function<String, ?> parse) {
    if (!node.isValueNode() || node.isBoolean()) {
      return false;
    }
    try {
      parse.apply(node.asText());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean fitsInt(String text) {
    long value = Long.parseLong(text);
    return value == (int) value;
  }

  private static boolean isUri(String text) {
    try {
      new URI(text);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static Class<?> raw(Type type) {
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
  }

  private static String join(String key, String name) {
    return key.isEmpty() ? name : key + "." + name;
  }
}
