package dev.protoevents.it.faults;

import java.io.PrintStream;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A minimal SLF4J provider for the child JVMs of {@link ChildJvm}: one line per event on standard
 * output (which the child's log file receives), at {@code INFO} and above unless the system
 * property {@value #LEVEL_PROPERTY} says otherwise. That is how a test sees the broker's "Kafka
 * Server started" without adding a logging backend to the build.
 *
 * <p>Selected explicitly with {@code -Dslf4j.provider=dev.protoevents.it.faults.ChildLogProvider}
 * (SLF4J 2.0.9+) and not registered as a service, so the test JVM itself keeps its logging as it
 * is.
 */
public final class ChildLogProvider implements SLF4JServiceProvider {

  /** System property naming the lowest level printed: TRACE, DEBUG, INFO, WARN or ERROR. */
  static final String LEVEL_PROPERTY = "protoevents.child.log.level";

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private ILoggerFactory loggers;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    Level threshold =
        Level.valueOf(System.getProperty(LEVEL_PROPERTY, "INFO").toUpperCase(Locale.ROOT));
    Map<String, Logger> cache = new ConcurrentHashMap<>();
    loggers = name -> cache.computeIfAbsent(name, n -> new LineLogger(n, threshold, System.out));
  }

  /** Prints each enabled event as one line (plus a stack trace) to a stream. */
  private static final class LineLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient Level threshold;
    private final transient PrintStream out;

    LineLogger(String name, Level threshold, PrintStream out) {
      this.name = name;
      this.threshold = threshold;
      this.out = out;
    }

    private boolean enabled(Level level) {
      return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      String line =
          LocalTime.now()
              + " "
              + level
              + " ["
              + Thread.currentThread().getName()
              + "] "
              + name
              + " - "
              + MessageFormatter.basicArrayFormat(pattern, arguments);
      synchronized (out) {
        out.println(line);
        if (throwable != null) {
          throwable.printStackTrace(out);
        }
      }
    }
  }
}
