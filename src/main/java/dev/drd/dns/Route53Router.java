package dev.drd.dns;

import dev.drd.aws.AwsCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeBatch;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Switches records in one Route 53 hosted zone. Failures are classified by {@link Route53Failures}.
 */
public final class Route53Router implements DnsRouter, AutoCloseable {
  private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

  private final Route53Client route53;
  private final String zoneId;

  Route53Router(Route53Client route53, String zoneId) {
    this.route53 = route53;
    this.zoneId = zoneId;
  }

  public static Route53Router create(Route53Settings settings) {
    Route53ClientBuilder builder =
        Route53Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(
                AwsCredentials.provider(settings.accessKeyId(), settings.secretAccessKey()))
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(30)));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return new Route53Router(builder.build(), settings.hostedZoneId());
  }

  @Override
  public List<String> current(DnsRecord record) {
    List<ResourceRecordSet> sets =
        call(
                "read " + record.describe(),
                () ->
                    route53.listResourceRecordSets(r ->
                        r.hostedZoneId(zoneId)
                            .startRecordName(record.name())
                            .startRecordType(record.type())
                            .maxItems("1")))
            .resourceRecordSets();
    // The list starts at name and type but runs on to the next record when they do not exist.
    return sets.stream()
        .filter(set ->
            sameName(set.name(), record.name())
                && set.typeAsString().equalsIgnoreCase(record.type()))
        .findFirst()
        .map(Route53Router::values)
        .orElse(List.of());
  }

  @Override
  public DnsChange upsert(DnsRecord record, String value, int ttlSeconds) {
    ResourceRecordSet set =
        ResourceRecordSet.builder()
            .name(record.name())
            .type(record.type())
            .ttl((long) ttlSeconds)
            .resourceRecords(ResourceRecord.builder().value(value).build())
            .build();
    ChangeBatch batch =
        ChangeBatch.builder()
            .comment("drd failover")
            .changes(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(set).build())
            .build();
    ChangeInfo info =
        call(
                "set " + record.describe() + " to " + value,
                () ->
                    route53.changeResourceRecordSets(
                        r -> r.hostedZoneId(zoneId).changeBatch(batch)))
            .changeInfo();
    return new DnsChange(info.id(), record, value, ttlSeconds);
  }

  @Override
  public boolean inSync(DnsChange change) {
    // The SDK strips the "/change/" prefix from ids it returns; accept ids kept with it too.
    String id = change.id().replaceFirst("^/?change/", "");
    return call(
                "watch change " + id + " of " + change.record().describe(),
                () -> route53.getChange(r -> r.id(id)))
            .changeInfo()
            .status()
        == ChangeStatus.INSYNC;
  }

  @Override
  public void close() {
    route53.close();
  }

  private <T> T call(String action, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw Route53Failures.classify(e, zoneId, action);
    }
  }

  private static List<String> values(ResourceRecordSet set) {
    if (set.aliasTarget() != null) {
      return List.of(set.aliasTarget().dnsName());
    }
    return set.resourceRecords().stream().map(ResourceRecord::value).toList();
  }

  /**
   * Route 53 answers names fully qualified, in lower case, with octal escapes such as {@code \052}.
   */
  static boolean sameName(String answered, String asked) {
    return normalise(answered).equals(normalise(asked));
  }

  private static String normalise(String name) {
    String unescaped =
        OCTAL_ESCAPE
            .matcher(name)
            .replaceAll((MatchResult m) ->
                Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 8))));
    String lower = unescaped.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower : lower + ".";
  }
}
