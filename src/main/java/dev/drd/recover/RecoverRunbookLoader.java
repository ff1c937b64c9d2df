package dev.drd.recover;

import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.runbook.RunbookChecks;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a "database corruption" runbook and checks it against the config it will run with: every
 * problem at once, named by file and key, before anything is planned or started.
 */
public final class RecoverRunbookLoader {
  private final ConfigLoader loader;
  private final DrdConfig config;

  public RecoverRunbookLoader(ConfigLoader loader, DrdConfig config) {
    this.loader = loader;
    this.config = config;
  }

  public RecoverRunbook load(ConfigSource source) {
    return loader.bind(source, RecoverRunbook.class, this::problems);
  }

  List<String> problems(RecoverRunbook r) {
    List<String> problems = new ArrayList<>();
    RunbookChecks.knownTarget(config, r.target(), "target", problems);
    if (r.backup().isBlank()) {
      problems.add("backup: empty; write 'latest', a backup's key or its stamp");
    }
    RunbookChecks.positive(r.approval().timeout(), "approval.timeout", problems);
    RunbookChecks.scale(r.services(), "services", problems);
    if (r.services().workloads().isEmpty()) {
      problems.add(
          "services.workloads: none; name what writes to the database, so that nothing writes"
              + " while it is restored");
    }
    RunbookChecks.positive(r.sessions().timeout(), "sessions.timeout", problems);
    r.verify().check("verify", problems);
    RunbookChecks.postChecks(r.postChecks(), problems);
    return problems;
  }
}
