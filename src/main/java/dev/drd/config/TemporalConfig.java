package dev.drd.config;

/**
 * Where the Temporal service is and how to authenticate to it.
 *
 * @param target host:port of the frontend (Temporal Cloud: {@code <ns>.<account>.tmprl.cloud:7233})
 * @param apiKey an API key for Temporal Cloud; give it as a {@code ${ENV_VAR}} placeholder
 * @param versioning the build id the worker reports, and whether Temporal routes by it
 */
public record TemporalConfig(
    String target,
    String namespace,
    String taskQueue,
    TlsConfig tls,
    String apiKey,
    WorkerVersioningConfig versioning) {

  public static final String DEFAULT_TARGET = "127.0.0.1:7233";

  public TemporalConfig {
    target = target != null ? target : DEFAULT_TARGET;
    namespace = namespace != null ? namespace : "default";
    taskQueue = taskQueue != null ? taskQueue : "drd";
    versioning = versioning != null ? versioning : WorkerVersioningConfig.defaults();
  }

  public TemporalConfig withTarget(String otherTarget) {
    return new TemporalConfig(otherTarget, namespace, taskQueue, tls, apiKey, versioning);
  }

  @Override
  public String toString() {
    return "TemporalConfig[target=%s, namespace=%s, taskQueue=%s, tls=%s, apiKey=%s, versioning=%s]"
        .formatted(target, namespace, taskQueue, tls, apiKey == null ? "none" : "***", versioning);
  }
}
