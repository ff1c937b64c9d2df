package dev.drd.testing;

import dev.drd.testing.FakeRoute53.ReceivedChange;
import dev.drd.testing.FakeRoute53.RecordSet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Route 53 REST/XML shapes (API version 2013-04-01) that {@link FakeRoute53} reads and writes.
 */
final class FakeRoute53Xml {
  static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
  private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

  private FakeRoute53Xml() {}

  /** The changes of a {@code ChangeResourceRecordSetsRequest}, in order. */
  static List<ReceivedChange> changes(String body) {
    List<ReceivedChange> changes = new ArrayList<>();
    NodeList nodes = parse(body).getElementsByTagNameNS(NS, "Change");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element change = (Element) nodes.item(i);
      Element set = child(change, "ResourceRecordSet");
      List<String> values = new ArrayList<>();
      NodeList valueNodes = set.getElementsByTagNameNS(NS, "Value");
      for (int v = 0; v < valueNodes.getLength(); v++) {
        values.add(valueNodes.item(v).getTextContent());
      }
      String ttl = text(set, "TTL");
      changes.add(
          new ReceivedChange(
              text(change, "Action"),
              new RecordSet(
                  text(set, "Name"),
                  text(set, "Type"),
                  ttl == null ? null : Long.valueOf(ttl),
                  List.copyOf(values))));
    }
    return changes;
  }

  static String changeInfo(String root, String id, String status, Instant submittedAt) {
    return DECLARATION
        + "<%s xmlns=\"%s\"><ChangeInfo><Id>/change/%s</Id><Status>%s</Status><SubmittedAt>%s</SubmittedAt></ChangeInfo></%s>"
            .formatted(root, NS, id, status, submittedAt, root);
  }

  /**
   * A {@code ListResourceRecordSetsResponse}; {@code next} is the first set not listed, or null.
   */
  static String list(List<RecordSet> sets, RecordSet next, int maxItems) {
    StringBuilder xml =
        new StringBuilder(DECLARATION)
            .append("<ListResourceRecordSetsResponse xmlns=\"")
            .append(NS)
            .append("\"><ResourceRecordSets>");
    for (RecordSet set : sets) {
      xml.append("<ResourceRecordSet><Name>")
          .append(escape(set.name()))
          .append("</Name><Type>")
          .append(set.type())
          .append("</Type><TTL>")
          .append(set.ttl())
          .append("</TTL><ResourceRecords>");
      set.values()
          .forEach(v ->
              xml.append("<ResourceRecord><Value>")
                  .append(escape(v))
                  .append("</Value></ResourceRecord>"));
      xml.append("</ResourceRecords></ResourceRecordSet>");
    }
    xml.append("</ResourceRecordSets><IsTruncated>").append(next != null).append("</IsTruncated>");
    if (next != null) {
      xml.append("<NextRecordName>")
          .append(escape(next.name()))
          .append("</NextRecordName><NextRecordType>")
          .append(next.type())
          .append("</NextRecordType>");
    }
    return xml.append("<MaxItems>")
        .append(maxItems)
        .append("</MaxItems></ListResourceRecordSetsResponse>")
        .toString();
  }

  /**
   * The error shape: {@code ErrorResponse/Error/{Type,Code,Message}} and a request id. Route 53
   * once answered InvalidChangeBatch with a root element of its own; since 2024 it uses this shape
   * too.
   */
  static String error(String code, String message) {
    return DECLARATION
        + "<ErrorResponse xmlns=\"%s\"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>"
            .formatted(NS, code, escape(message), UUID.randomUUID());
  }

  private static Element parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory
          .newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
          .getDocumentElement();
    } catch (Exception e) {
      throw new IllegalArgumentException("not a Route 53 XML request: " + xml, e);
    }
  }

  private static Element child(Element parent, String name) {
    return (Element) parent.getElementsByTagNameNS(NS, name).item(0);
  }

  private static String text(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
