package dev.drd.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * An object's content that, closed before its end, aborts the HTTP request instead of reading the
 * rest to keep the connection (what the SDK's close does): a cancelled restore stops downloading at
 * once, not after the remaining gigabytes.
 */
final class AbortOnEarlyClose extends FilterInputStream {
  private final ResponseInputStream<?> response;
  private boolean ended;

  AbortOnEarlyClose(ResponseInputStream<?> response) {
    super(response);
    this.response = response;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    ended |= b < 0;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    ended |= n < 0;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (!ended) {
      response.abort();
    }
    super.close();
  }
}
