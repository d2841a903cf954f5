package io.dipwatch.escalate;

import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Escalation;

/** What the lifecycle processor emits: a lifecycle record, or an event parked because it came too late. */
record Emission(Escalation escalation, ClassifiedEvent parked) {
  static Emission lifecycle(Escalation e) {
    return new Emission(e, null);
  }

  static Emission late(ClassifiedEvent e) {
    return new Emission(null, e);
  }

  boolean isLifecycle() {
    return escalation != null;
  }
}
