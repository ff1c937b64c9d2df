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
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

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
    DrdConfig config = bind(source, DrdConfig.class);
    List<String> problems = ConfigValidator.problems(config);
    if (!problems.isEmpty()) {
      throw new ConfigException(source.name(), problems);
    }
    return config;
  }

  /**
   * YAML → {@code ${ENV}} placeholders → records of {@code type}, with every problem named by file
   * and key; validation beyond the structure is the caller's.
   */
  public <T> T bind(ConfigSource source, Class<T> type) {
    JsonNode tree;
    try {
      tree = mapper.readTree(source.text());
    } catch (JsonProcessingException e) {
      throw new ConfigException(source.name(), "not valid YAML: " + e.getOriginalMessage() + at(e));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new ConfigException(source.name(), "the file is empty");
    }
    if (!tree.isObject()) {
      throw new ConfigException(source.name(), "expected a mapping of keys at the top level");
    }
    List<String> problems = new ArrayList<>();
    resolvePlaceholders(tree, "", problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(source.name(), problems);
    }
    try {
      return mapper.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      throw new ConfigException(source.name(), describe(e));
    } catch (JsonProcessingException e) {
      throw new ConfigException(source.name(), e.getOriginalMessage());
    }
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

  private static String at(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line %d, column %d)"
            .formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
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
