package dev.drd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Issue 15, part 6: a cancelled download stops at once instead of draining the object. */
class AbortOnEarlyCloseTest {
  private final AtomicInteger aborts = new AtomicInteger();
  private final AtomicInteger bytesLeft = new AtomicInteger();

  private AbortOnEarlyClose object(int size) {
    ByteArrayInputStream content = new ByteArrayInputStream(new byte[size]);
    return new AbortOnEarlyClose(
        new ResponseInputStream<>(
            GetObjectResponse.builder().contentLength((long) size).build(),
            AbortableInputStream.create(
                content,
                () -> {
                  aborts.incrementAndGet();
                  bytesLeft.set(content.available());
                })));
  }

  @Test
  void closedBeforeItsEndTheRequestIsAbortedNotRead() throws Exception {
    AbortOnEarlyClose in = object(10_000_000);
    in.readNBytes(1_000);

    in.close();

    assertThat(aborts).hasValue(1);
    assertThat(bytesLeft).as("nothing read after close").hasValue(10_000_000 - 1_000);
  }

  @Test
  void readToItsEndTheConnectionIsKept() throws Exception {
    AbortOnEarlyClose in = object(10_000);
    in.readAllBytes();

    in.close();

    assertThat(aborts).hasValue(0);
  }
}
