package dev.drd.deploy;

import dev.drd.config.ConfigException;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.failover.FailoverRunbook;
import dev.drd.failover.FailoverRunbookLoader;
import dev.drd.recover.RecoverRunbook;
import dev.drd.recover.RecoverRunbookLoader;
import dev.drd.runbook.ScaledWorkload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The workloads of the runbooks a deployment runs: runbooks/*.yaml that load, with drd's own
 * loaders, against the deployment's config. A runbook that loads only against the built-in dev
 * config is dev mode's, whose cluster is a recording stand-in; one that loads against neither is an
 * error.
 */
final class RunbookWorkloads {
  private static final Path DIR = Path.of("runbooks");

  private RunbookWorkloads() {}

  static List<ScaledWorkload> of(Manifests m) {
    ConfigLoader loader = new ConfigLoader(ContainerEnv.of(m).values());
    DrdConfig deployed = loader.load(DeployedConfig.source(m));
    DrdConfig dev = new ConfigLoader(Map.of()).load(ConfigSource.builtInDev());
    List<ScaledWorkload> workloads = new ArrayList<>();
    for (Path file : files()) {
      ConfigSource source = ConfigSource.file(file);
      String name = file.getFileName().toString();
      if (name.startsWith("failover-")) {
        FailoverRunbook r =
            forThisDeployment(
                () -> new FailoverRunbookLoader(loader, deployed).load(source),
                () -> new FailoverRunbookLoader(loader, dev).load(source));
        if (r != null) {
          workloads.addAll(r.scaleDown().workloads());
          workloads.addAll(r.scaleUp().workloads());
        }
      } else if (name.startsWith("recover-")) {
        RecoverRunbook r =
            forThisDeployment(
                () -> new RecoverRunbookLoader(loader, deployed).load(source),
                () -> new RecoverRunbookLoader(loader, dev).load(source));
        if (r != null) {
          workloads.addAll(r.services().workloads());
        }
      } else {
        throw new IllegalStateException(
            file + ": neither failover-*.yaml nor recover-*.yaml; teach this class what it scales");
      }
    }
    return workloads;
  }

  /** The runbook, or null when it is dev mode's. */
  private static <T> T forThisDeployment(Supplier<T> deployed, Supplier<T> dev) {
    try {
      return deployed.get();
    } catch (ConfigException notThisDeployments) {
      try {
        dev.get();
        return null;
      } catch (ConfigException notDevModes) {
        throw notThisDeployments;
      }
    }
  }

  private static List<Path> files() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
