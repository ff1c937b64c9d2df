package dev.drd.runbook;

import java.time.Duration;

/**
 * A measured outcome of a runbook, reported with its progress, e.g. {@code rto}.
 *
 * @param detail what was measured from where to where, for people
 */
public record Figure(String name, Duration value, String detail) {}
