package io.dipwatch.escalate;

import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Escalation;

/** What the lifecycle processor emits: a lifecycle record, or an event parked because it came too late. */
record Emission(Escalation escalation, Signal late) {
  static Emission lifecycle(Escalation e) {
    return new Emission(e, null);
  }

  static Emission late(Signal event) {
    return new Emission(null, event);
  }

  boolean isLifecycle() {
    return escalation != null;
  }

  ClassifiedEvent parked() {
    return late == null ? null : late.event();
  }
}
