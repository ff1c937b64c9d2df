package dev.drd.cli;

import dev.drd.backup.DumpMemory;
import dev.drd.config.ConfigException;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.daemon.Daemon;
import dev.drd.daemon.RunbookMetrics;
import dev.drd.daemon.ShutdownSignals;
import dev.drd.daemon.dev.DevEnvironment;
import dev.drd.storage.PartPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the drd daemon: a Temporal worker that runs every runbook, fires the backup schedules,"
          + " and serves /health, /ready and /metrics.",
      "On SIGTERM or SIGINT it stops taking work, lets running activities finish within"
          + " shutdown.gracefulTimeout, and exits 0.",
      "",
      "Example: drd serve --dev   (or: drd serve --config /etc/drd/drd.yaml)"
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(
      names = "--dev",
      description =
          "Run everything on this machine: Temporal's test server on 127.0.0.1:7233, an S3 API on"
              + " 127.0.0.1:9000, a sandbox PostgreSQL primary (127.0.0.1:55432) and replica"
              + " (127.0.0.1:55433) from the local PostgreSQL binaries. Uses the built-in dev config"
              + " unless --config is given.")
  boolean dev;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "var",
      description = "Where dev mode keeps its databases and buckets (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Override
  public Integer call() throws Exception {
    if (!dev && config.isDefault()) {
      throw new ConfigException(
          "drd serve",
          "give the daemon a config (--config FILE or $DRD_CONFIG), or run it with --dev");
    }
    ConfigOption.Loaded loaded = config.load();
    DrdConfig cfg = loaded.config();
    loaded.loader().checkDaemonNeeds(loaded.source(), cfg);
    DumpMemory.ofThisProcess(cfg)
        .problemWithSmallestParts(PartPlan.forExpected(0, cfg.storage().partSize().bytes()))
        .ifPresent(problem -> {
          throw new ConfigException(loaded.source().name(), problem);
        });
    ShutdownSignals signals = ShutdownSignals.install();
    DevEnvironment environment = dev ? DevEnvironment.start(stateDir, cfg) : null;
    Daemon daemon;
    try {
      daemon =
          environment != null
              ? Daemon.start(cfg, Secrets.fromEnvironment(), environment.adapters())
              : Daemon.start(cfg, Secrets.fromEnvironment());
    } catch (Exception e) {
      if (environment != null) {
        environment.close();
      }
      throw e;
    }
    if (environment != null) {
      printDevBanner(spec.commandLine().getErr(), cfg, environment, daemon);
    }
    signals.await();
    if (environment != null) {
      sayWhatIsLost(spec.commandLine().getErr(), daemon);
    }
    daemon.shutdown();
    if (environment != null) {
      environment.close();
    }
    return ExitCodes.OK;
  }

  /** Dev mode's Temporal lives in this process: what runs or waits in it ends with it. */
  private static void sayWhatIsLost(PrintWriter err, Daemon daemon) {
    List<RunbookMetrics.OpenRunbook> open;
    try {
      open = daemon.openRunbooks();
    } catch (RuntimeException e) {
      err.printf("drd: could not list the runbooks still open (%s)%n", e.getMessage());
      err.flush();
      return;
    }
    List<RunbookMetrics.OpenRunbook> lost =
        open.stream().filter(r -> !r.workflowId().startsWith("archive/")).toList();
    if (lost.isEmpty()) {
      return;
    }
    err.printf(
        "drd: dev mode stops with %d runbook%s running or waiting; they are lost with dev mode's"
            + " in-memory Temporal:%n",
        lost.size(), lost.size() == 1 ? "" : "s");
    for (RunbookMetrics.OpenRunbook r : lost) {
      err.printf(
          "  %s%s%n",
          r.workflowId(),
          r.waitingFor() == null
              ? " (running)"
              : r.waitingFor().equals("approval")
                  ? " (waiting for approval)"
                  : " (waiting for an operator's retry, skip or abort)");
    }
    err.println(
        "  Backups, the WAL archive and the databases under the state directory are kept. What a"
            + " stopped recovery or failover had done is not undone: see its runbook's"
            + " recover.md or failover.md. To keep runbooks across restarts, run drd"
            + " serve --config FILE against a real Temporal (docs/configuration.md).");
    err.flush();
  }

  private static void printDevBanner(
      PrintWriter err, DrdConfig cfg, DevEnvironment env, Daemon daemon) {
    var primary = cfg.requireTarget(DevEnvironment.PRIMARY_TARGET);
    var replica = cfg.requireTarget(DevEnvironment.REPLICA_TARGET);
    err.printf(
        """

        drd dev mode is up. Backups, the WAL archive and the databases live in %s (reused on
        the next start); runbooks live in the in-process Temporal and end when it stops.
          Temporal     %s, namespace %s, task queue %s (Temporal's test server, in process)
          S3 API       %s, bucket %s (s3proxy on a local folder)
          PostgreSQL   primary 127.0.0.1:%d and streaming replica 127.0.0.1:%d,
                       database %s, user %s, trusted on loopback
          drd          http://127.0.0.1:%d/health  /ready  /metrics
          Stand-ins    record what failovers and recoveries do to services, and failovers to
                       DNS, in dev-cluster.json and dev-dns.json (no Kubernetes, no DNS server)
        Try, in another terminal:
          bin/drd backup run --target %s --wait
          bin/drd backup list --target %s
          bin/drd status backup/%s/manual
          bin/drd recover start --runbook runbooks/recover-dev.yaml --yes --wait
            (after a backup: restores the sandbox database in place, keeping the old one)
          bin/drd failover start --runbook runbooks/failover-dev.yaml --yes --wait
            (promotes the sandbox replica for good; remove the state dir to start over)
        Ctrl-C stops everything.

        """,
        env.stateDir(),
        cfg.temporal().target(),
        cfg.temporal().namespace(),
        cfg.temporal().taskQueue(),
        cfg.storage().endpoint(),
        cfg.storage().bucket(),
        primary.port(),
        replica.port(),
        primary.database(),
        primary.user(),
        daemon.httpPort(),
        primary.name(),
        primary.name(),
        primary.name());
    err.flush();
  }
}
