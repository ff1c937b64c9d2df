package dev.drd.testing;

import dev.drd.config.StorageConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 proxy in front of an S3 API that relays requests byte for byte, so SigV4 signatures
 * still verify, and answers the requests a {@link Burst} picks with an S3 5xx error instead.
 */
public final class FaultyHttpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final List<Burst> bursts = new CopyOnWriteArrayList<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

  private FaultyHttpProxy(ServerSocket listener, InetSocketAddress upstream) {
    this.listener = listener;
    this.upstream = upstream;
  }

  public static FaultyHttpProxy start(URI upstream) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      FaultyHttpProxy proxy =
          new FaultyHttpProxy(
              listener, new InetSocketAddress(upstream.getHost(), upstream.getPort()));
      Thread.ofPlatform().daemon().name("faulty-proxy-accept").start(proxy::accept);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** The same bucket, reached through this proxy. */
  public StorageConfig inFrontOf(StorageConfig storage) {
    return new StorageConfig(
        storage.bucket(),
        storage.prefix(),
        storage.region(),
        endpoint(),
        storage.pathStyle(),
        storage.accessKeyId(),
        storage.secretAccessKey(),
        storage.partSize());
  }

  /** Answers the next {@code count} requests that {@code which} accepts with {@code error}. */
  public Burst failNext(int count, S3Error error, Predicate<Request> which) {
    Burst burst = new Burst(count, error, which);
    bursts.add(burst);
    return burst;
  }

  /** How many requests all bursts answered. */
  public int injected() {
    return bursts.stream().mapToInt(b -> b.hits().size()).sum();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    sockets.forEach(FaultyHttpProxy::closeQuietly);
  }

  /** The request line of one request: its method and its target (path and query). */
  public record Request(String method, String target) {
    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    /** A query parameter's value as sent, "" for a parameter without one. */
    public Optional<String> parameter(String name) {
      int q = target.indexOf('?');
      if (q < 0) {
        return Optional.empty();
      }
      for (String pair : target.substring(q + 1).split("&")) {
        String[] nameValue = pair.split("=", 2);
        if (nameValue[0].equals(name)) {
          return Optional.of(nameValue.length == 2 ? nameValue[1] : "");
        }
      }
      return Optional.empty();
    }

    @Override
    public String toString() {
      return method + " " + target;
    }
  }

  /** Up to {@code count} faults for the requests it accepts; records each request it answered. */
  public static final class Burst {
    private final int count;
    private final S3Error error;
    private final Predicate<Request> which;
    private final List<Request> hits = new ArrayList<>();

    private Burst(int count, S3Error error, Predicate<Request> which) {
      this.count = count;
      this.error = error;
      this.which = which;
    }

    private synchronized boolean claim(Request request) {
      if (hits.size() < count && which.test(request)) {
        hits.add(request);
        return true;
      }
      return false;
    }

    public synchronized List<Request> hits() {
      return List.copyOf(hits);
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        Thread.ofVirtual().name("faulty-proxy-relay").start(() -> relay(client));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private void relay(Socket client) {
    try (client;
        Socket server = new Socket(upstream.getAddress(), upstream.getPort())) {
      sockets.add(server);
      // Clients do not pipeline: a new request arrives only after the last response was read,
      // so responses can flow back as plain bytes while requests are read one at a time.
      Thread.ofVirtual().name("faulty-proxy-responses").start(() -> pump(server, client));
      InputStream fromClient = new BufferedInputStream(client.getInputStream());
      OutputStream toServer = server.getOutputStream();
      for (HttpRequestHead head = HttpRequestHead.read(fromClient);
          head != null;
          head = HttpRequestHead.read(fromClient)) {
        Burst burst = burstFor(head.request());
        if (burst != null) {
          answer(head, burst.error, fromClient, client.getOutputStream());
          return;
        }
        toServer.write(head.bytes());
        head.copyBody(fromClient, toServer);
        toServer.flush();
      }
    } catch (IOException e) {
      // a side closed the connection: so does the proxy
    } finally {
      sockets.remove(client);
    }
  }

  private Burst burstFor(Request request) {
    for (Burst burst : bursts) {
      if (burst.claim(request)) {
        return burst;
      }
    }
    return null;
  }

  private static void answer(HttpRequestHead head, S3Error error, InputStream in, OutputStream out)
      throws IOException {
    // With "Expect: 100-continue" the client waits for our answer and never sends the body.
    // Otherwise the body is read first: closing on unread bytes resets the connection, and a
    // reset can destroy the answer before the client reads it.
    if (!head.expectsContinue()) {
      head.copyBody(in, OutputStream.nullOutputStream());
    }
    out.write(error.response(head.request()));
    out.flush();
  }

  private void pump(Socket server, Socket client) {
    try {
      server.getInputStream().transferTo(client.getOutputStream());
    } catch (IOException e) {
      // a side closed the connection
    } finally {
      sockets.remove(server);
      closeQuietly(server);
      closeQuietly(client);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
