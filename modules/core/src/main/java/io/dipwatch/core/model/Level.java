package io.dipwatch.core.model;

/** Escalation levels, lowest first, so {@code compareTo} orders severity. */
public enum Level {
  WATCH, WARNING, CRITICAL;

  public boolean atLeast(Level other) {
    return compareTo(other) >= 0;
  }
}
