package dev.drd.failover;

import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.Problems;
import dev.drd.runbook.RunbookChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a failover runbook and checks it against the config it will run with: every problem at
 * once, named by file and key, before anything is planned or started.
 */
public final class FailoverRunbookLoader {
  private static final String REGION = "[a-z0-9][a-z0-9-]{0,30}";
  private static final Set<String> PROVIDERS = Set.of("route53", "rfc2136", DnsRouters.RECORDING);
  private static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME");

  private final ConfigLoader loader;
  private final DrdConfig config;

  public FailoverRunbookLoader(ConfigLoader loader, DrdConfig config) {
    this.loader = loader;
    this.config = config;
  }

  public FailoverRunbook load(ConfigSource source) {
    return loader.bind(source, FailoverRunbook.class, this::problems);
  }

  List<String> problems(FailoverRunbook r) {
    List<String> problems = new ArrayList<>();
    region(r.from(), "from", problems);
    region(r.to(), "to", problems);
    if (r.from() != null && r.from().equals(r.to())) {
      problems.add("to: must differ from 'from' (%s)".formatted(r.from()));
    }
    database(r.database(), problems);
    RunbookChecks.positive(r.approval().timeout(), "approval.timeout", problems);
    RunbookChecks.scale(r.scaleDown(), "scaleDown", problems);
    RunbookChecks.scale(r.scaleUp(), "scaleUp", problems);
    dns(r.dns(), problems);
    RunbookChecks.postChecks(r.postChecks(), problems);
    return problems;
  }

  private void database(DatabaseSwitch db, List<String> problems) {
    if (db == null || db.promote() == null) {
      problems.add(
          Problems.missing(
              db == null ? "database" : "database.promote",
              "name the config target of the replica to promote"));
      return;
    }
    RunbookChecks.knownTarget(config, db.promote(), "database.promote", problems);
    if (db.fence() != null) {
      RunbookChecks.knownTarget(config, db.fence(), "database.fence", problems);
      if (db.fence().equals(db.promote())) {
        problems.add("database.fence: cannot be the replica that is promoted");
      }
    }
    if (db.maxLag().bytes() != null && db.maxLag().bytes().bytes() < 0) {
      problems.add("database.maxLag.bytes: cannot be negative");
    }
    RunbookChecks.positive(db.maxLag().time(), "database.maxLag.time", problems);
  }

  private static void dns(DnsSwitch dns, List<String> problems) {
    if (dns == null) {
      problems.add(Problems.missing("dns", "name the record clients use and its new value"));
      return;
    }
    if (dns.provider() == null) {
      problems.add(Problems.missing("dns.provider", "one of " + PROVIDERS));
    } else if (!PROVIDERS.contains(dns.provider())) {
      problems.add("dns.provider: '%s' is not one of %s".formatted(dns.provider(), PROVIDERS));
    }
    for (String[] field :
        new String[][] {{"zone", dns.zone()}, {"record", dns.record()}, {"value", dns.value()}}) {
      if (field[1] == null || field[1].isBlank()) {
        problems.add(Problems.missing("dns." + field[0]));
      }
    }
    if (dns.zone() != null
        && dns.record() != null
        && !fqdn(dns.record()).endsWith(fqdn(dns.zone()))) {
      problems.add("dns.record: %s is not in zone %s".formatted(dns.record(), dns.zone()));
    }
    if (!TYPES.contains(dns.type())) {
      problems.add("dns.type: '%s' is not one of %s".formatted(dns.type(), TYPES));
    }
    if (dns.ttl() < 0 || dns.ttl() > 86_400) {
      problems.add("dns.ttl: %d is not between 0 and 86400 seconds".formatted(dns.ttl()));
    }
    if ("route53".equals(dns.provider())
        && (dns.route53() == null || dns.route53().hostedZoneId() == null)) {
      problems.add(
          Problems.missing("dns.route53.hostedZoneId", "Route 53 needs the hosted zone's id"));
    }
    if (dns.route53() != null && dns.route53().accessKeyId() != null) {
      problems.add(
          "dns.route53.accessKeyId: keys do not belong in a runbook, which travels through the"
              + " workflow's history; give the daemon AWS credentials (environment, IRSA, profile)");
    }
    if ("rfc2136".equals(dns.provider())) {
      Rfc2136Settings s = dns.rfc2136();
      if (s == null || s.server() == null || !s.server().matches("[^:\\s]+:\\d{1,5}")) {
        problems.add("dns.rfc2136.server: missing or not host:port");
      }
      if (s == null || s.keyName() == null) {
        problems.add(
            Problems.missing("dns.rfc2136.keyName", "updates must be signed with a TSIG key"));
      }
      if (s == null || (s.keySecretEnv() == null) == (s.keySecretFile() == null)) {
        problems.add(
            "dns.rfc2136: name the TSIG secret with keySecretEnv or keySecretFile (one of them)");
      }
    }
  }

  private static String fqdn(String name) {
    String lower = name.toLowerCase();
    return lower.endsWith(".") ? lower : lower + ".";
  }

  private static void region(String value, String key, List<String> problems) {
    if (value == null) {
      problems.add(Problems.missing(key, "a region name, e.g. us-east"));
    } else if (!value.matches(REGION)) {
      problems.add(
          "%s: '%s' is not a region name (lower-case letters, digits and -)".formatted(key, value));
    }
  }
}
