package dev.drd.failover;

/**
 * @param promote the config target of the replica that becomes the primary
 * @param fence the config target of the old primary, fenced where still reachable; none: not fenced
 * @param maxLag how far the replica may trail for the failover to go ahead without --force
 */
public record DatabaseSwitch(String promote, String fence, MaxLag maxLag) {
  public DatabaseSwitch {
    maxLag = maxLag != null ? maxLag : new MaxLag(null, null);
  }
}
