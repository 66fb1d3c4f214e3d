package dev.protoevents.runtime.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The feeds' default listener: progress and the catch-up as INFO lines through SLF4J. */
final class LoggingRestoreListener implements RestoreListener {
  private static final Logger log = LoggerFactory.getLogger(StateFeed.class);

  @Override
  public void onProgress(RestoreProgress progress) {
    log.info("{}", RestoreListener.describe(progress));
  }

  @Override
  public void onCaughtUp(RestoreProgress progress) {
    log.info("{}", RestoreListener.describe(progress));
  }
}
