package dev.drd.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads drd.yaml: YAML → {@code ${ENV}} placeholders → records → validation. Every problem found is
 * reported at once, named by file and key.
 */
public final class ConfigLoader {
  private final Map<String, String> env;
  private final ObjectMapper mapper;

  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
    this.mapper =
        YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(
                new SimpleModule()
                    .addDeserializer(Duration.class, parsing(Durations::parse))
                    .addDeserializer(DataSize.class, parsing(DataSize::parse))
                    .addDeserializer(Path.class, parsing(Path::of)))
            .build();
  }

  public static ConfigLoader fromEnvironment() {
    return new ConfigLoader(System.getenv());
  }

  public DrdConfig load(ConfigSource source) {
    return bind(source, DrdConfig.class, ConfigValidator::problems);
  }

  /**
   * YAML → {@code ${ENV}} placeholders → records of {@code type}, with every problem named by file
   * and key; validation beyond the structure is the caller's.
   */
  public <T> T bind(ConfigSource source, Class<T> type) {
    return bind(source, type, bound -> List.of());
  }

  /**
   * YAML → {@code ${ENV}} placeholders → records of {@code type} → {@code checks}, throwing every
   * problem of them all at once. Values of the wrong kind are left out of the records, so that the
   * checks still run; what they say about a key already reported is dropped.
   */
  public <T> T bind(ConfigSource source, Class<T> type, Function<T, List<String>> checks) {
    ObjectNode tree = mapping(source);
    List<String> problems = new ArrayList<>();
    resolvePlaceholders(tree, "", problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(source.name(), problems);
    }
    TreeShape shape = TreeShape.check(tree, type);
    problems.addAll(shape.problems());
    T bound;
    try {
      bound = mapper.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      problems.add(describe(e));
      throw new ConfigException(source.name(), problems);
    } catch (JsonProcessingException e) {
      problems.add(e.getOriginalMessage());
      throw new ConfigException(source.name(), problems);
    }
    for (String problem : checks.apply(bound)) {
      if (shape.rejected().stream().noneMatch(key -> Problems.isAbout(problem, key))) {
        problems.add(problem);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(source.name(), problems);
    }
    return bound;
  }

  /** The keys at the top of a file, e.g. to tell one kind of file from another. */
  public Set<String> topLevelKeys(ConfigSource source) {
    Set<String> keys = new TreeSet<>();
    mapping(source).fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private ObjectNode mapping(ConfigSource source) {
    JsonNode tree;
    try {
      tree = mapper.readTree(source.text());
    } catch (JsonProcessingException e) {
      throw new ConfigException(source.name(), notYaml(e));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new ConfigException(source.name(), "the file is empty");
    }
    if (!(tree instanceof ObjectNode object)) {
      throw new ConfigException(source.name(), "expected a mapping of keys at the top level");
    }
    return object;
  }

  /**
   * What only the daemon needs: the secrets and files it names must be there. The CLI does not
   * connect to databases, so it loads configs without them.
   */
  public void checkDaemonNeeds(ConfigSource source, DrdConfig config) {
    List<String> problems = ConfigValidator.daemonProblems(config, env);
    if (!problems.isEmpty()) {
      throw new ConfigException(source.name(), problems);
    }
  }

  private void resolvePlaceholders(JsonNode node, String key, List<String> problems) {
    if (node instanceof ObjectNode object) {
      for (var field : object.properties()) {
        String child = key.isEmpty() ? field.getKey() : key + "." + field.getKey();
        if (field.getValue().isTextual()) {
          String value = Placeholders.resolve(field.getValue().asText(), child, env, problems);
          field.setValue(TextNode.valueOf(value));
        } else {
          resolvePlaceholders(field.getValue(), child, problems);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String child = key + "[" + i + "]";
        if (array.get(i).isTextual()) {
          array.set(
              i,
              TextNode.valueOf(Placeholders.resolve(array.get(i).asText(), child, env, problems)));
        } else {
          resolvePlaceholders(array.get(i), child, problems);
        }
      }
    }
  }

  private static String describe(JsonMappingException e) {
    String key = keyOf(e.getPath());
    String problem;
    if (e instanceof UnrecognizedPropertyException u) {
      String known =
          u.getKnownPropertyIds() == null
              ? ""
              : u.getKnownPropertyIds().stream()
                  .map(Objects::toString)
                  .collect(Collectors.toCollection(TreeSet::new))
                  .stream()
                  .collect(Collectors.joining(", ", "; known keys here: ", ""));
      problem = "unknown key '%s'%s".formatted(u.getPropertyName(), known);
    } else {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      problem =
          root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
      problem = problem.replaceAll("\\s*\\(for Object starting at.*|\\s+at \\[Source.*", "");
    }
    return key.isEmpty() ? problem : key + ": " + problem;
  }

  private static String keyOf(List<JsonMappingException.Reference> path) {
    StringBuilder key = new StringBuilder();
    for (var ref : path) {
      if (ref.getFieldName() != null) {
        if (!key.isEmpty()) {
          key.append('.');
        }
        key.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        key.append('[').append(ref.getIndex()).append(']');
      }
    }
    return key.toString();
  }

  /** SnakeYAML's own mark, since Jackson's location is off for some errors (a tab indent). */
  private static String notYaml(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      String context =
          m.getContext() == null || m.getContextMark() == null
              ? ""
              : " (%s that starts at %s)"
                  .formatted(
                      m.getContext().replaceFirst("^while (parsing|scanning) an? ", "in the "),
                      lineAndColumn(m.getContextMark()));
      return "not valid YAML at %s: %s%s"
          .formatted(
              lineAndColumn(m.getProblemMark()),
              m.getProblem().replace("<stream end>", "the end of the file"),
              context);
    }
    String at =
        e.getLocation() == null
            ? ""
            : " at line %d, column %d"
                .formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
    return "not valid YAML%s: %s"
        .formatted(at, e.getOriginalMessage().lines().findFirst().orElse(""));
  }

  private static String lineAndColumn(Mark mark) {
    return "line %d, column %d".formatted(mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static <T> JsonDeserializer<T> parsing(Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        if (text == null) {
          throw JsonMappingException.from(p, "expected a text value, found " + p.currentToken());
        }
        try {
          return parse.apply(text);
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
    };
  }
}
