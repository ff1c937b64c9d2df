package dev.drd.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.drd.temporal.DrdWorkerInterceptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One JSON object a line: timestamp (ISO-8601, UTC), level, logger, thread, message, the runbook's
 * workflowId and target where the event happened inside one, and the exception with its stack trace
 * as one string. Logback's own JsonEncoder writes epoch millis and the exception as nested objects,
 * which log pipelines do not read as a timestamp and a stack trace.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
  /** Temporal's own MDC key in workflow threads. */
  private static final String TEMPORAL_WORKFLOW_ID = "WorkflowId";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private static final byte[] NEWLINE = CoreConstants.LINE_SEPARATOR.getBytes();
  private final JsonFactory json = new JsonFactory();

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("timestamp", TIMESTAMP.format(event.getInstant()));
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", event.getFormattedMessage());
      Map<String, String> mdc = event.getMDCPropertyMap();
      String workflowId =
          mdc.getOrDefault(DrdWorkerInterceptor.MDC_WORKFLOW_ID, mdc.get(TEMPORAL_WORKFLOW_ID));
      if (workflowId != null) {
        g.writeStringField("workflowId", workflowId);
      }
      if (mdc.get(DrdWorkerInterceptor.MDC_TARGET) != null) {
        g.writeStringField("target", mdc.get(DrdWorkerInterceptor.MDC_TARGET));
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.writeBytes(NEWLINE);
    return out.toByteArray();
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
