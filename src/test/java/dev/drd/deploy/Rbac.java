package dev.drd.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Kubernetes RBAC as the API server applies it (rules are additive; a rule with resourceNames
 * allows only requests for those names), for one ServiceAccount and the roles in {@link Manifests}.
 */
final class Rbac {
  private static final String ANY = "*";

  /** A request's authorization attributes, as the API server derives them from method and path. */
  record ApiRequest(String verb, String group, String resource, String namespace, String name) {
    /**
     * @param path as sent, e.g. {@code /apis/apps/v1/namespaces/temporal/deployments/x/scale}
     */
    static ApiRequest of(String method, String path) {
      URI uri = URI.create(path);
      List<String> parts = List.of(uri.getPath().substring(1).split("/"));
      boolean core = parts.getFirst().equals("api");
      String group = core ? "" : parts.get(1);
      List<String> rest = parts.subList(core ? 2 : 3, parts.size());
      String namespace = null;
      if (rest.size() >= 3 && rest.getFirst().equals("namespaces")) {
        namespace = rest.get(1);
        rest = rest.subList(2, rest.size());
      }
      String resource = rest.getFirst() + (rest.size() > 2 ? "/" + rest.get(2) : "");
      String name = rest.size() > 1 ? rest.get(1) : null;
      String query = uri.getQuery() == null ? "" : uri.getQuery();
      String verb =
          switch (method) {
            case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "POST" -> "create";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("method " + method);
          };
      return new ApiRequest(verb, group, resource, namespace, name);
    }

    @Override
    public String toString() {
      return "%s %s%s %s%s"
          .formatted(
              verb,
              group.isEmpty() ? "" : group + "/",
              resource,
              namespace == null ? "" : namespace + "/",
              name == null ? "(all)" : name);
    }
  }

  /** A rule where it applies: in one namespace, or everywhere ({@code namespace} null). */
  private record Grant(String namespace, PolicyRule rule, String source) {}

  private final List<Grant> grants = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  /** The rules bound to a ServiceAccount by the bindings in {@code manifests}. */
  Rbac(Manifests manifests, String namespace, String serviceAccount) {
    for (RoleBinding b : manifests.all(RoleBinding.class)) {
      if (binds(b.getSubjects(), namespace, serviceAccount)) {
        String where = b.getMetadata().getNamespace();
        add(manifests, b.getRoleRef(), where, "RoleBinding " + where + "/" + name(b));
      }
    }
    for (ClusterRoleBinding b : manifests.all(ClusterRoleBinding.class)) {
      if (binds(b.getSubjects(), namespace, serviceAccount)) {
        add(manifests, b.getRoleRef(), null, "ClusterRoleBinding " + name(b));
      }
    }
  }

  private void add(Manifests manifests, RoleRef ref, String namespace, String binding) {
    List<PolicyRule> rules =
        switch (ref.getKind()) {
          case "Role" -> {
            Role role = manifests.named(Role.class, namespace, ref.getName());
            yield role == null ? null : role.getRules();
          }
          case "ClusterRole" -> {
            ClusterRole role = manifests.named(ClusterRole.class, null, ref.getName());
            yield role == null ? null : role.getRules();
          }
          default -> null;
        };
    if (rules == null) {
      problems.add(
          "%s refers to %s %s, which is not there"
              .formatted(binding, ref.getKind(), ref.getName()));
      return;
    }
    String source = "%s (%s %s)".formatted(binding, ref.getKind(), ref.getName());
    rules.forEach(rule -> grants.add(new Grant(namespace, rule, source)));
  }

  /**
   * What is wrong with the rules against the requests a ServiceAccount must be able to make: a
   * request not allowed, a rule with a wildcard or without resourceNames, and anything granted that
   * no request needs.
   */
  List<String> problems(Collection<ApiRequest> needed) {
    List<String> found = new ArrayList<>(problems);
    for (ApiRequest request : needed) {
      if (grants.stream().noneMatch(g -> allows(g, request))) {
        found.add("not granted: " + request);
      }
    }
    for (Grant g : grants) {
      PolicyRule r = g.rule();
      if (r.getVerbs().contains(ANY)
          || r.getResources().contains(ANY)
          || r.getApiGroups().contains(ANY)) {
        found.add("%s: a wildcard in %s".formatted(g.source(), r));
      }
      if (r.getResourceNames().isEmpty()) {
        found.add("%s: not limited to resourceNames: %s".formatted(g.source(), r));
      }
      for (ApiRequest granted : expand(g)) {
        if (needed.stream().noneMatch(request -> allows(g, request) && same(granted, request))) {
          found.add("%s grants what no runbook needs: %s".formatted(g.source(), granted));
        }
      }
    }
    return found;
  }

  private static boolean allows(Grant g, ApiRequest request) {
    PolicyRule r = g.rule();
    return (g.namespace() == null || g.namespace().equals(request.namespace()))
        && matches(r.getVerbs(), request.verb())
        && matches(r.getApiGroups(), request.group())
        && matches(r.getResources(), request.resource())
        && (r.getResourceNames().isEmpty() || r.getResourceNames().contains(request.name()));
  }

  private static boolean same(ApiRequest granted, ApiRequest request) {
    return granted.verb().equals(request.verb())
        && granted.group().equals(request.group())
        && granted.resource().equals(request.resource())
        && (granted.name() == null || granted.name().equals(request.name()));
  }

  /** Every single permission a rule gives, one per verb, group, resource and name. */
  private static List<ApiRequest> expand(Grant g) {
    PolicyRule r = g.rule();
    List<String> names = r.getResourceNames().isEmpty() ? nulls() : r.getResourceNames();
    List<ApiRequest> each = new ArrayList<>();
    for (String verb : r.getVerbs()) {
      for (String group : r.getApiGroups()) {
        for (String resource : r.getResources()) {
          for (String name : names) {
            each.add(new ApiRequest(verb, group, resource, g.namespace(), name));
          }
        }
      }
    }
    return each;
  }

  private static List<String> nulls() {
    List<String> one = new ArrayList<>();
    one.add(null);
    return one;
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed.contains(ANY) || allowed.contains(value);
  }

  private static boolean binds(List<Subject> subjects, String namespace, String serviceAccount) {
    return subjects.stream()
        .anyMatch(s ->
            "ServiceAccount".equals(s.getKind())
                && serviceAccount.equals(s.getName())
                && namespace.equals(s.getNamespace()));
  }

  private static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }
}
