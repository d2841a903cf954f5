package io.dipwatch.broker;

/**
 * Thrown in place of {@code System.exit}/{@code Runtime.halt} when the embedded broker hits a fatal error,
 * so the host process (the pipeline, a test JVM) learns of it instead of vanishing.
 */
public final class BrokerFatalException extends RuntimeException {
  private final int statusCode;
  private final boolean halt;

  BrokerFatalException(int statusCode, String message, boolean halt) {
    super((halt ? "Kafka asked to halt" : "Kafka asked to exit") + " with status " + statusCode
        + (message == null ? "" : ": " + message));
    this.statusCode = statusCode;
    this.halt = halt;
  }

  /** The status Kafka wanted the JVM to end with. */
  public int statusCode() {
    return statusCode;
  }

  /** True for {@code halt} (Kafka wanted no shutdown hooks to run), false for {@code exit}. */
  public boolean isHalt() {
    return halt;
  }
}
