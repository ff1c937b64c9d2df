package dev.drd.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * drd's logging, set up in code rather than from logback.xml: parsing the XML cost a command a few
 * hundred milliseconds of its start-up. Everything goes to stderr (stdout is for data, the JSON of
 * --json), as text until the config's {@code logging.format} says json ({@link #useJson}). {@code
 * -Dlogback.configurationFile=FILE} still replaces it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  private static final String STDERR = "STDERR";
  private static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC} %-5level %logger{0} - %msg%n";

  /** Libraries say only what matters; the few exceptions are named. */
  private static final Map<String, Level> LIBRARIES =
      Map.of(
          "io.temporal", Level.WARN,
          // Temporal's test server (dev mode) has no worker heartbeats; the SDK says so once.
          "io.temporal.internal.worker.HeartbeatManager", Level.ERROR,
          "io.grpc", Level.WARN,
          "org.quartz", Level.WARN,
          // The shared schedule's store says when it finds a daemon dead and takes its triggers.
          "org.quartz.impl.jdbcjobstore", Level.INFO,
          "com.zaxxer.hikari", Level.WARN,
          "software.amazon", Level.WARN,
          "org.apache.http", Level.WARN,
          "io.netty", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName(STDERR);
    stderr.setTarget("System.err");
    stderr.setEncoder(textEncoder(context));
    stderr.start();
    Level drd = Level.toLevel(System.getProperty("drd.log.level"), Level.INFO);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(drd);
    root.addAppender(stderr);
    context.getLogger("dev.drd").setLevel(drd);
    LIBRARIES.forEach((name, level) -> context.getLogger(name).setLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Switches stderr to one JSON object a line ({@code json}) or back to text; does nothing when
   * {@code -Dlogback.configurationFile} set logging up.
   */
  public static void useJson(boolean json) {
    if (System.getProperty("logback.configurationFile") != null
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Appender<ILoggingEvent> appender =
        context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(STDERR);
    if (appender instanceof ConsoleAppender<ILoggingEvent> stderr
        && (stderr.getEncoder() instanceof JsonLogEncoder) != json) {
      stderr.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
    }
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    JsonLogEncoder encoder = new JsonLogEncoder();
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }
}
