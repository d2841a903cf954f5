package io.dipwatch.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class DeadLetterExceptionHandlersTest {
  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = "garbage".getBytes(StandardCharsets.UTF_8);

  private static DeadLetterExceptionHandlers.Deserialization handler(Map<String, Object> configs) {
    var handler = new DeadLetterExceptionHandlers.Deserialization();
    handler.configure(configs);
    return handler;
  }

  @Test
  void parksTheOriginalBytesWithStageReasonAndPosition() {
    var handler = handler(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dipwatch.dlq",
        DeadLetterExceptionHandlers.STAGE_CONFIG, "classify"));
    var record = new ConsumerRecord<>("dipwatch.news.raw", 2, 41L, KEY, VALUE);

    var response = handler.handleError(context(), record, new SerializationException("not a NewsItem"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    var parked = response.deadLetterQueueRecords().get(0);
    assertThat(parked.topic()).isEqualTo("dipwatch.dlq");
    assertThat(parked.key()).isEqualTo(KEY);
    assertThat(parked.value()).isEqualTo(VALUE);
    assertThat(DeadLetters.header(parked.headers(), DeadLetters.HEADER_STAGE)).isEqualTo("classify");
    assertThat(DeadLetters.header(parked.headers(), DeadLetters.HEADER_MESSAGE)).isEqualTo("not a NewsItem");
    assertThat(DeadLetters.header(parked.headers(), DeadLetters.HEADER_EXCEPTION))
        .isEqualTo(SerializationException.class.getName());
    assertThat(DeadLetters.header(parked.headers(), DeadLetters.HEADER_TOPIC)).isEqualTo("dipwatch.news.raw");
    assertThat(DeadLetters.header(parked.headers(), DeadLetters.HEADER_PARTITION)).isEqualTo("2");
    assertThat(DeadLetters.header(parked.headers(), DeadLetters.HEADER_OFFSET)).isEqualTo("41");
  }

  @Test
  void withoutADeadLetterTopicItStillResumes() {
    var handler = handler(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "dipwatch-x"));
    var response = handler.handleError(context(), new ConsumerRecord<>("t", 0, 0L, KEY, VALUE),
        new SerializationException("bad"));
    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  private static DefaultErrorHandlerContext context() {
    return new DefaultErrorHandlerContext(null, "dipwatch.news.raw", 2, 41L, new RecordHeaders(), "source",
        null, 0L, KEY, VALUE);
  }
}
