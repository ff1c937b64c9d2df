package dev.drd.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An upload of unknown length, written as a stream. {@link #complete()} makes the object visible;
 * {@link #close()} without it aborts, so a failed writer never leaves a partial object.
 */
public abstract class MultipartUpload extends OutputStream {

  public abstract String key();

  public abstract String uploadId();

  /** Bytes written so far. */
  public abstract long bytesWritten();

  /** Bytes whose parts the store has acknowledged. */
  public abstract long bytesUploaded();

  /** Uploads what is buffered, assembles the object and checks its size; returns its size. */
  public abstract long complete() throws IOException;

  public abstract void abort();
}
