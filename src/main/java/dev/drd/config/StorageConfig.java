package dev.drd.config;

import java.net.URI;

/**
 * The S3 API that holds the backups. Without access keys the AWS default credential chain applies
 * (environment, web identity, instance profile).
 */
public record StorageConfig(
    String bucket,
    String prefix,
    String region,
    URI endpoint,
    Boolean pathStyle,
    String accessKeyId,
    String secretAccessKey,
    DataSize partSize) {

  public static final DataSize DEFAULT_PART_SIZE = DataSize.ofMebibytes(8);

  public StorageConfig {
    prefix = prefix != null ? prefix.replaceAll("^/+|/+$", "") : "";
    region = region != null ? region : "us-east-1";
    pathStyle = pathStyle != null ? pathStyle : endpoint != null;
    partSize = partSize != null ? partSize : DEFAULT_PART_SIZE;
  }

  @Override
  public String toString() {
    return "StorageConfig[bucket=%s, prefix=%s, region=%s, endpoint=%s, pathStyle=%s, keys=%s]"
        .formatted(
            bucket,
            prefix,
            region,
            endpoint,
            pathStyle,
            accessKeyId == null ? "default chain" : "***");
  }
}
