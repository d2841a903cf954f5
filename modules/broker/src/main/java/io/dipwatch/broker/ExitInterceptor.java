package io.dipwatch.broker;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces Kafka's JVM-wide exit and halt procedures while any embedded broker runs. Kafka's fatal fault
 * handlers call {@code Exit.halt(1)}; in-process that would kill the whole application without a word.
 * Instead every running broker is marked failed and a {@link BrokerFatalException} is thrown at the call
 * site. Kafka's procedures are restored when the last broker closes.
 */
final class ExitInterceptor {
  private static final Logger log = LoggerFactory.getLogger(ExitInterceptor.class);
  private static final Set<EmbeddedKafka> running = new CopyOnWriteArraySet<>();

  private ExitInterceptor() {}

  static synchronized void register(EmbeddedKafka broker) {
    if (running.isEmpty()) {
      Exit.setExitProcedure((status, message) -> intercept(status, message, false));
      Exit.setHaltProcedure((status, message) -> intercept(status, message, true));
    }
    running.add(broker);
  }

  static synchronized void unregister(EmbeddedKafka broker) {
    if (running.remove(broker) && running.isEmpty()) {
      Exit.resetExitProcedure();
      Exit.resetHaltProcedure();
    }
  }

  private static void intercept(int status, String message, boolean halt) {
    BrokerFatalException fatal = new BrokerFatalException(status, message, halt);
    log.error("Embedded Kafka hit a fatal error; the broker is failed but the process keeps running", fatal);
    for (EmbeddedKafka broker : running) {
      broker.fail(fatal);
    }
    throw fatal;
  }
}
