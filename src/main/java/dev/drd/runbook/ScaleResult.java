package dev.drd.runbook;

/**
 * @param previous the desired replicas before, which an abort restores
 */
public record ScaleResult(int previous, int ready) {}
