package dev.drd.config;

/**
 * How much of each kind of work one daemon runs at once. Each kind has a task queue and slots of
 * its own, so that a failover's steps never wait behind the nightly dumps.
 *
 * @param dataMovers dumps, restores, backup checks and drills' activities at once (default 4)
 * @param operatorSteps failover and recovery steps at once (default 8)
 * @param streamers WAL archivers at once, each holding its slot for as long as it streams (default
 *     16); a daemon takes at most this many of the archived servers, the others' daemons the rest
 */
public record WorkerConfig(Integer dataMovers, Integer operatorSteps, Integer streamers) {
  public WorkerConfig {
    dataMovers = dataMovers != null ? dataMovers : 4;
    operatorSteps = operatorSteps != null ? operatorSteps : 8;
    streamers = streamers != null ? streamers : 16;
  }
}
