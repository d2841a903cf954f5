package io.dipwatch.core.model;

/** Lifecycle of an escalation key: a new or higher level fires, new evidence updates, a quiet window resolves. */
public enum Status {
  FIRING, UPDATED, RESOLVED
}
