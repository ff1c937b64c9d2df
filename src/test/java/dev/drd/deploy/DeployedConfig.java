package dev.drd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DatabaseConnection;
import dev.drd.config.DrdConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** drd.yaml as the daemon in the manifests' pod reads it. */
final class DeployedConfig {
  /** Where the image's command line ({@code serve --config ...}) reads the config. */
  static final Path PATH = Path.of("/etc/drd/drd.yaml");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

  private DeployedConfig() {}

  /** The ConfigMap key mounted at {@link #PATH}. */
  static ConfigSource source(Manifests m) {
    for (VolumeMount mount : m.container().getVolumeMounts()) {
      Path at = Path.of(mount.getMountPath());
      String file;
      if (mount.getSubPath() != null && at.equals(PATH)) {
        file = mount.getSubPath();
      } else if (mount.getSubPath() == null && at.equals(PATH.getParent())) {
        file = PATH.getFileName().toString();
      } else {
        continue;
      }
      Volume volume = m.volume(mount.getName());
      if (volume == null || volume.getConfigMap() == null) {
        continue;
      }
      String key =
          volume.getConfigMap().getItems().stream()
              .filter(i -> i.getPath().equals(file))
              .map(KeyToPath::getKey)
              .findFirst()
              .orElse(file);
      ConfigMap map =
          m.named(
              ConfigMap.class,
              m.deployment().getMetadata().getNamespace(),
              volume.getConfigMap().getName());
      if (map != null && map.getData().containsKey(key)) {
        return new ConfigSource(
            "ConfigMap %s, key %s".formatted(map.getMetadata().getName(), key),
            map.getData().get(key));
      }
    }
    throw new IllegalStateException("no ConfigMap key is mounted at " + PATH);
  }

  /** Loaded with drd's own loader and the container's environment. */
  static DrdConfig load(Manifests m) {
    return new ConfigLoader(ContainerEnv.of(m).values()).load(source(m));
  }

  /** Every {@code ${NAME}} in the file's values, and every target's passwordEnv. */
  static Set<String> referencedVariables(ConfigSource source, DrdConfig config) {
    Set<String> names = new LinkedHashSet<>();
    try {
      collectPlaceholders(new YAMLMapper().readTree(source.text()), names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Stream.concat(config.targets().stream(), Stream.ofNullable(config.schedule().cluster()))
        .map(DatabaseConnection::passwordEnv)
        .filter(Objects::nonNull)
        .forEach(names::add);
    return names;
  }

  private static void collectPlaceholders(JsonNode node, Set<String> names) {
    if (node.isTextual()) {
      Matcher matcher = PLACEHOLDER.matcher(node.asText());
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    node.forEach(child -> collectPlaceholders(child, names));
  }
}
