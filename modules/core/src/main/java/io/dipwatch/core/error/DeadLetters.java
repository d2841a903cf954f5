package io.dipwatch.core.error;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;

/**
 * The one format of a dead letter on {@code dipwatch.dlq}: original key and bytes, and headers saying which
 * stage refused it, why, and where it came from. The error headers are the ones Kafka Streams' own
 * dead-letter queue writes, so records parked by ingest and by the stream processors read alike.
 */
public final class DeadLetters {
  public static final String HEADER_STAGE = "dipwatch.stage";
  public static final String HEADER_EXCEPTION = ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME;
  public static final String HEADER_MESSAGE = ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME;
  public static final String HEADER_STACKTRACE = ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME;
  public static final String HEADER_TOPIC = ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME;
  public static final String HEADER_PARTITION = ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME;
  public static final String HEADER_OFFSET = ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME;
  /** Where the input came from when it never was on a topic: a feed URL, a file and line, an HTTP peer. */
  public static final String HEADER_ORIGIN = "dipwatch.origin";

  private DeadLetters() {}

  /** A dead letter for input that failed before reaching any topic (ingest). */
  public static ProducerRecord<byte[], byte[]> rejected(String dlqTopic, String stage, String origin,
      byte[] key, byte[] value, String errorClass, String reason) {
    Headers headers = new RecordHeaders();
    put(headers, HEADER_STAGE, stage);
    put(headers, HEADER_EXCEPTION, errorClass);
    put(headers, HEADER_MESSAGE, reason);
    put(headers, HEADER_ORIGIN, origin);
    return new ProducerRecord<>(dlqTopic, null, key, value, headers);
  }

  /** A dead letter for a record read from a topic that a stage could not process. */
  public static ProducerRecord<byte[], byte[]> failed(String dlqTopic, String stage, String sourceTopic,
      int partition, long offset, byte[] key, byte[] value, Throwable error) {
    Headers headers = new RecordHeaders();
    put(headers, HEADER_STAGE, stage);
    put(headers, HEADER_EXCEPTION, error.getClass().getName());
    put(headers, HEADER_MESSAGE, String.valueOf(error.getMessage()));
    put(headers, HEADER_STACKTRACE, stackTrace(error));
    put(headers, HEADER_TOPIC, sourceTopic);
    put(headers, HEADER_PARTITION, Integer.toString(partition));
    put(headers, HEADER_OFFSET, Long.toString(offset));
    return new ProducerRecord<>(dlqTopic, null, key, value, headers);
  }

  /** A header's value as text, or null. */
  public static String header(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void put(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    String trace = out.toString();
    return trace.length() > 8000 ? trace.substring(0, 8000) : trace;
  }
}
