package dev.drd.testing;

import dev.drd.testing.FaultyHttpProxy.Request;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** An HTTP/1.1 request's line and headers as received, and where its body ends. */
record HttpRequestHead(
    byte[] bytes, Request request, long contentLength, boolean chunked, boolean expectsContinue) {

  /** The next request's head, or null when the client closed the connection between requests. */
  static HttpRequestHead read(InputStream in) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    String requestLine = readLine(in, raw);
    if (requestLine == null) {
      return null;
    }
    long contentLength = 0;
    boolean chunked = false;
    boolean expectsContinue = false;
    for (String line = line(in, raw); !line.isEmpty(); line = line(in, raw)) {
      int colon = line.indexOf(':');
      String value = line.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      switch (line.substring(0, colon).strip().toLowerCase(Locale.ROOT)) {
        case "content-length" -> contentLength = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.endsWith("chunked");
        case "expect" -> expectsContinue = value.equals("100-continue");
        default -> {}
      }
    }
    String[] words = requestLine.split(" ");
    return new HttpRequestHead(
        raw.toByteArray(),
        new Request(words[0], words[1]),
        contentLength,
        chunked,
        expectsContinue);
  }

  /** Copies the body, framing included, from {@code in} to {@code out}. */
  void copyBody(InputStream in, OutputStream out) throws IOException {
    if (!chunked) {
      copy(in, out, contentLength);
      return;
    }
    ByteArrayOutputStream framing = new ByteArrayOutputStream();
    long size;
    do {
      size = Long.parseLong(line(in, framing).split(";", 2)[0].strip(), 16);
      out.write(framing.toByteArray());
      framing.reset();
      copy(in, out, size);
      if (size > 0) {
        line(in, framing);
      }
    } while (size > 0);
    while (!line(in, framing).isEmpty()) {
      // trailers
    }
    out.write(framing.toByteArray());
  }

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (long left = length; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("the body ended " + left + " bytes early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
    String line = readLine(in, raw);
    if (line == null) {
      throw new EOFException("the connection closed in the middle of a request");
    }
    return line;
  }

  /** One line without its CRLF, also appended raw to {@code raw}; null at the end of the stream. */
  private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        if (line.size() == 0) {
          return null;
        }
        throw new EOFException("the connection closed in the middle of a line");
      }
      line.write(b);
    }
    raw.write(line.toByteArray());
    raw.write('\n');
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }
}
