package dev.drd.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Route 53 hosted zone behind the Route 53 REST/XML API, for the real AWS SDK to talk to
 * through {@code endpointOverride}: ChangeResourceRecordSets, GetChange and ListResourceRecordSets,
 * with the service's error shapes. Record sets live in memory; every request is kept for tests to
 * inspect. Signatures are not checked.
 */
public final class FakeRoute53 implements AutoCloseable {
  private static final Pattern RRSET = Pattern.compile("/2013-04-01/hostedzone/([^/]+)/rrset/?");
  private static final Pattern CHANGE = Pattern.compile("/2013-04-01/change/([^/]+)");

  /** A record set as Route 53 keeps it: name fully qualified and in lower case. */
  public record RecordSet(String name, String type, Long ttl, List<String> values) {}

  public record ReceivedChange(String action, RecordSet recordSet) {}

  public record Received(String method, String path, String query, String body) {}

  /** How the fake answers every request until told otherwise. */
  public enum Mode {
    SERVE,
    ACCESS_DENIED,
    THROTTLING
  }

  private final HttpServer server;
  private final String zoneId;
  private final String zoneName;
  private final List<Received> requests = new CopyOnWriteArrayList<>();
  // Sorted the way Route 53 lists: by name with the labels reversed, then by type.
  private final NavigableMap<String, RecordSet> recordSets = new TreeMap<>();
  private final Map<String, Integer> pollsLeftByChange = new HashMap<>();
  private int pendingPolls = 1;
  private int changes;
  private volatile Mode mode = Mode.SERVE;

  private FakeRoute53(HttpServer server, String zoneId, String zoneName) {
    this.server = server;
    this.zoneId = zoneId;
    this.zoneName = fullyQualified(zoneName);
  }

  public static FakeRoute53 start(String zoneId, String zoneName) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.free()), 0);
      FakeRoute53 fake = new FakeRoute53(server, zoneId, zoneName);
      server.createContext("/", fake::handle);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How many times GetChange answers PENDING for each change before INSYNC. */
  public synchronized void pendingPolls(int polls) {
    this.pendingPolls = polls;
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  public synchronized void put(RecordSet set) {
    RecordSet stored =
        new RecordSet(fullyQualified(set.name()), set.type(), set.ttl(), List.copyOf(set.values()));
    recordSets.put(sortKey(stored.name(), stored.type()), stored);
  }

  public List<Received> requests() {
    return List.copyOf(requests);
  }

  /** The change batches received, each as its list of changes, parsed from the request XML. */
  public List<List<ReceivedChange>> changeBatches() {
    return requests.stream()
        .filter(r -> r.method().equals("POST") && RRSET.matcher(r.path()).matches())
        .map(r -> FakeRoute53Xml.changes(r.body()))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Received request =
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestURI().getRawQuery(),
              body);
      requests.add(request);
      Answer answer = answer(request);
      byte[] bytes = answer.xml().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private record Answer(int status, String xml) {}

  private synchronized Answer answer(Received request) {
    switch (mode) {
      case ACCESS_DENIED -> {
        return new Answer(
            403,
            FakeRoute53Xml.error(
                "AccessDenied",
                "User: arn:aws:iam::123456789012:user/drd is not authorized to perform: "
                    + "route53:ChangeResourceRecordSets on resource: "
                    + "arn:aws:route53:::hostedzone/"
                    + zoneId));
      }
      case THROTTLING -> {
        return new Answer(400, FakeRoute53Xml.error("Throttling", "Rate exceeded"));
      }
      case SERVE -> {}
    }
    Matcher rrset = RRSET.matcher(request.path());
    Matcher change = CHANGE.matcher(request.path());
    if (rrset.matches() && !rrset.group(1).equals(zoneId)) {
      return new Answer(
          404,
          FakeRoute53Xml.error(
              "NoSuchHostedZone", "No hosted zone found with ID: " + rrset.group(1)));
    }
    if (rrset.matches() && request.method().equals("POST")) {
      return changeRecordSets(FakeRoute53Xml.changes(request.body()));
    }
    if (rrset.matches() && request.method().equals("GET")) {
      return listRecordSets(query(request.query()));
    }
    if (change.matches() && request.method().equals("GET")) {
      return getChange(change.group(1));
    }
    return new Answer(
        404, FakeRoute53Xml.error("UnknownOperation", request.method() + " " + request.path()));
  }

  /** Applies the whole batch or none of it, like Route 53; only UPSERT is served. */
  private Answer changeRecordSets(List<ReceivedChange> batch) {
    for (ReceivedChange change : batch) {
      String name = fullyQualified(change.recordSet().name());
      if (!change.action().equals("UPSERT")) {
        return new Answer(
            400, FakeRoute53Xml.error("InvalidInput", "FakeRoute53 serves only UPSERT changes"));
      }
      if (!name.equals(zoneName) && !name.endsWith("." + zoneName)) {
        return new Answer(
            400,
            FakeRoute53Xml.error(
                "InvalidChangeBatch",
                "[RRSet with DNS name %s is not permitted in zone %s]".formatted(name, zoneName)));
      }
    }
    batch.forEach(change -> put(change.recordSet()));
    String id = "C%013d".formatted(++changes);
    pollsLeftByChange.put(id, pendingPolls);
    return new Answer(
        200,
        FakeRoute53Xml.changeInfo(
            "ChangeResourceRecordSetsResponse", id, "PENDING", Instant.now()));
  }

  private Answer getChange(String id) {
    Integer pollsLeft = pollsLeftByChange.get(id);
    if (pollsLeft == null) {
      return new Answer(
          404,
          FakeRoute53Xml.error(
              "NoSuchChange", "A change with the specified change ID does not exist."));
    }
    pollsLeftByChange.put(id, Math.max(0, pollsLeft - 1));
    return new Answer(
        200,
        FakeRoute53Xml.changeInfo(
            "GetChangeResponse", id, pollsLeft > 0 ? "PENDING" : "INSYNC", Instant.now()));
  }

  /** From the set at name and type (or the next one after it), like Route 53. */
  private Answer listRecordSets(Map<String, String> query) {
    int maxItems = Integer.parseInt(query.getOrDefault("maxitems", "300"));
    String name = query.get("name");
    NavigableMap<String, RecordSet> from =
        name == null
            ? recordSets
            : recordSets.tailMap(
                sortKey(fullyQualified(name), query.getOrDefault("type", "")), true);
    List<RecordSet> all = new ArrayList<>(from.values());
    List<RecordSet> page = all.subList(0, Math.min(maxItems, all.size()));
    RecordSet next = all.size() > maxItems ? all.get(maxItems) : null;
    return new Answer(200, FakeRoute53Xml.list(page, next, maxItems));
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        String[] kv = pair.split("=", 2);
        params.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return params;
  }

  private static String fullyQualified(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower : lower + ".";
  }

  // A space sorts before any label character, so "example.com." and its type come before
  // "db.example.com.".
  private static String sortKey(String name, String type) {
    List<String> labels = new ArrayList<>(List.of(name.split("\\.")));
    Collections.reverse(labels);
    return String.join(".", labels) + " " + type;
  }
}
