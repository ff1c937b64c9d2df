package dev.drd.backup;

import dev.drd.postgres.TableRows;
import java.util.List;

/**
 * The row counts of a dump's tables, kept in the bucket beside the dump until its manifest takes
 * them over: they grow with the table count, which no activity payload may.
 */
record DumpedTables(String dumpKey, List<TableRows> tables) {}
