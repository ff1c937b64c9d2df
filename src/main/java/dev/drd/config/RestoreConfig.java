package dev.drd.config;

import java.nio.file.Path;

/**
 * Where and how restores run on this daemon.
 *
 * @param workDir local directory where a dump is staged for the parallel pg_restore
 * @param keepFree space that must stay free in workDir beside the staged dump
 * @param jobs default number of parallel pg_restore jobs
 */
public record RestoreConfig(Path workDir, DataSize keepFree, Integer jobs) {
  public RestoreConfig {
    workDir =
        workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "drd-restore");
    keepFree = keepFree != null ? keepFree : DataSize.ofMebibytes(256);
    jobs = jobs != null ? jobs : 2;
  }
}
