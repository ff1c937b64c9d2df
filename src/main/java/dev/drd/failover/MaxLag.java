package dev.drd.failover;

import dev.drd.config.DataSize;
import java.time.Duration;

/**
 * Replication lag the failover accepts: WAL received but not replayed, and the age of the last
 * replayed transaction. Either may be left out; both out means any lag is accepted.
 */
public record MaxLag(DataSize bytes, Duration time) {}
