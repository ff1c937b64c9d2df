package dev.drd.daemon.dev;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.drd.dns.DnsChange;
import dev.drd.dns.DnsRecord;
import dev.drd.dns.DnsRouter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dev mode's stand-in for a DNS provider (runbook {@code provider: recording}), clearly not one: it
 * records each record's value in {@code <state-dir>/dev-dns.json} and serves nothing; a change is
 * in sync at once.
 */
public final class RecordingDns implements DnsRouter {
  /** What the sandbox's clients would resolve: the primary, until a failover. */
  static final Map<String, String> SEED =
      Map.of("sandbox-db.drd.test. CNAME", "primary.sandbox.drd.test.");

  private final StateFile<String> state;

  RecordingDns(Path file) {
    this.state = new StateFile<>(file, new TypeReference<TreeMap<String, String>>() {});
    state.seed(SEED);
  }

  @Override
  public List<String> current(DnsRecord record) {
    String value = state.read().get(key(record));
    return value == null ? List.of() : List.of(value);
  }

  @Override
  public DnsChange upsert(DnsRecord record, String value, int ttlSeconds) {
    state.update(entries -> entries.put(key(record), value));
    return new DnsChange("recorded in " + state.path(), record, value, ttlSeconds);
  }

  @Override
  public boolean inSync(DnsChange change) {
    return true;
  }

  private static String key(DnsRecord record) {
    return record.name().toLowerCase() + " " + record.type();
  }
}
