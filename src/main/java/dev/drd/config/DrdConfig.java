package dev.drd.config;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.util.List;
import java.util.Optional;

/** The whole configuration of a drd daemon and its CLI, as read from drd.yaml. */
public record DrdConfig(
    TemporalConfig temporal,
    StorageConfig storage,
    PostgresToolsConfig postgres,
    List<TargetConfig> targets,
    RestoreConfig restore,
    ShutdownConfig shutdown,
    HttpConfig http,
    ScheduleConfig schedule,
    WorkerConfig worker,
    LoggingConfig logging) {

  public DrdConfig {
    temporal = temporal != null ? temporal : new TemporalConfig(null, null, null, null, null, null);
    postgres = postgres != null ? postgres : new PostgresToolsConfig(null);
    targets = targets != null ? List.copyOf(targets) : List.of();
    restore = restore != null ? restore : new RestoreConfig(null, null, null);
    shutdown = shutdown != null ? shutdown : new ShutdownConfig(null);
    http = http != null ? http : new HttpConfig(null, null);
    schedule = schedule != null ? schedule : new ScheduleConfig(null);
    worker = worker != null ? worker : new WorkerConfig(null, null, null);
    logging = logging != null ? logging : new LoggingConfig(null);
  }

  public Optional<TargetConfig> target(String name) {
    return targets.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * @throws DrdException of type UNKNOWN_TARGET, naming the targets there are
   */
  public TargetConfig requireTarget(String name) {
    return target(name)
        .orElseThrow(() ->
            new DrdException(
                FailureType.UNKNOWN_TARGET,
                "there is no target named '%s'; the config knows: %s"
                    .formatted(
                        name,
                        targets.isEmpty() ? "no targets" : String.join(", ", targetNames()))));
  }

  public List<String> targetNames() {
    return targets.stream().map(TargetConfig::name).toList();
  }
}
