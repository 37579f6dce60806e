package org.chancery.client;

import java.time.Duration;

/** Pause between resubscriptions: {@code initial}, doubling up to {@code max}. */
public record Backoff(Duration initial, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5));

  Duration next(Duration previous) {
    Duration doubled = previous.multipliedBy(2);
    return doubled.compareTo(max) > 0 ? max : doubled;
  }
}
