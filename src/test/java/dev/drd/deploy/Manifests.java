package dev.drd.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every object in a directory of manifests (its subdirectories too), as fabric8's model reads it.
 * Each load gives fresh objects, so that a test can break a copy without touching another's.
 */
record Manifests(Map<Path, List<HasMetadata>> files) {
  static final Path DIR = Path.of("deploy/kubernetes");

  static Manifests load() {
    try (Stream<Path> paths = Files.walk(DIR)) {
      return new Manifests(
          paths
              .filter(p -> p.toString().endsWith(".yaml"))
              .sorted()
              .collect(Collectors.toMap(p -> p, Manifests::read, (a, b) -> a, TreeMap::new)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<HasMetadata> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Object read = Serialization.unmarshal(in);
      return switch (read) {
        case List<?> documents -> documents.stream().map(HasMetadata.class::cast).toList();
        case HasMetadata one -> List.of(one);
        default -> throw new IllegalStateException(file + ": not a Kubernetes object: " + read);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<HasMetadata> all() {
    return files.values().stream().flatMap(List::stream).toList();
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return all().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of a type: drd ships one Deployment, one ConfigMap, one Service... */
  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new IllegalStateException(
          "expected one %s in %s, found %d".formatted(type.getSimpleName(), DIR, found.size()));
    }
    return found.getFirst();
  }

  <T extends HasMetadata> T named(Class<T> type, String namespace, String name) {
    return all(type).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .filter(o -> namespace == null || namespace.equals(o.getMetadata().getNamespace()))
        .findFirst()
        .orElse(null);
  }

  Deployment deployment() {
    return one(Deployment.class);
  }

  PodSpec pod() {
    return deployment().getSpec().getTemplate().getSpec();
  }

  Map<String, String> podLabels() {
    return deployment().getSpec().getTemplate().getMetadata().getLabels();
  }

  Volume volume(String name) {
    return pod().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  /** drd's container: the one that runs the daemon. */
  Container container() {
    List<Container> containers = pod().getContainers();
    if (containers.size() != 1) {
      throw new IllegalStateException("expected drd's container alone in the pod");
    }
    return containers.getFirst();
  }
}
