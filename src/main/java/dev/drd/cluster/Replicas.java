package dev.drd.cluster;

/** A workload's desired replicas (spec) and the replicas ready to serve (status). */
public record Replicas(int desired, int ready) {}
