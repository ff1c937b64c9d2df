package dev.drd.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment of drd's container as the manifests give it: plain values, and the names whose
 * values come from Secrets (their values here are stand-ins).
 *
 * @param problems references to Secrets or keys that are not in the manifests
 */
record ContainerEnv(Map<String, String> values, Set<String> fromSecrets, List<String> problems) {
  private static final String SECRET_VALUE = "secret value";

  static ContainerEnv of(Manifests m) {
    Map<String, String> values = new HashMap<>();
    Set<String> fromSecrets = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    String ns = m.deployment().getMetadata().getNamespace();
    Container c = m.container();
    for (EnvFromSource from : c.getEnvFrom()) {
      if (from.getSecretRef() == null) {
        continue;
      }
      Secret secret = m.named(Secret.class, ns, from.getSecretRef().getName());
      if (secret == null) {
        problems.add("envFrom: no Secret " + from.getSecretRef().getName());
        continue;
      }
      for (String key : keys(secret)) {
        values.put(key, SECRET_VALUE);
        fromSecrets.add(key);
      }
    }
    // env wins over envFrom, as in Kubernetes.
    for (EnvVar e : c.getEnv()) {
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        var ref = e.getValueFrom().getSecretKeyRef();
        Secret secret = m.named(Secret.class, ns, ref.getName());
        if (secret == null || !keys(secret).contains(ref.getKey())) {
          problems.add(
              "env %s: no key %s in Secret %s".formatted(e.getName(), ref.getKey(), ref.getName()));
        }
        values.put(e.getName(), SECRET_VALUE);
        fromSecrets.add(e.getName());
      } else if (e.getValue() != null) {
        values.put(e.getName(), e.getValue());
        fromSecrets.remove(e.getName());
      }
    }
    return new ContainerEnv(values, fromSecrets, problems);
  }

  private static Set<String> keys(Secret secret) {
    Set<String> keys = new LinkedHashSet<>(secret.getStringData().keySet());
    keys.addAll(secret.getData().keySet());
    return keys;
  }
}
