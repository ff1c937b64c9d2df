package dev.drd.postgres;

/** A table and its number of rows: exact in a manifest, an estimate where it says so. */
public record TableRows(String schema, String name, long rows) {}
