package io.dipwatch.core.error;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams handlers that park a record that cannot be read or processed on the dead-letter topic
 * ({@code errors.dead.letter.queue.topic.name}) with its reason and stage, then resume with the next record.
 */
public final class DeadLetterExceptionHandlers {
  /** Streams config key naming the stage written into the {@link DeadLetters#HEADER_STAGE} header. */
  public static final String STAGE_CONFIG = "dipwatch.stage";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExceptionHandlers.class);

  private DeadLetterExceptionHandlers() {}

  /** Where to park and which stage to name, read once from the Streams configs. */
  private record Target(String dlqTopic, String stage) {
    static Target of(Map<String, ?> configs) {
      Object dlq = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
      Object stage = configs.get(STAGE_CONFIG);
      Object appId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
      return new Target(dlq == null ? null : dlq.toString(),
          stage != null ? stage.toString() : appId != null ? appId.toString() : "streams");
    }
  }

  /** Parks undeserialisable input. */
  public static final class Deserialization implements DeserializationExceptionHandler {
    private Target target = new Target(null, "streams");

    @Override
    public void configure(Map<String, ?> configs) {
      target = Target.of(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
      LOG.warn("stage {}: cannot read record {}-{}@{}: {}", target.stage(), record.topic(), record.partition(),
          record.offset(), e.getMessage());
      if (target.dlqTopic() == null) {
        return Response.resume();
      }
      return Response.resume(List.of(DeadLetters.failed(target.dlqTopic(), target.stage(), record.topic(),
          record.partition(), record.offset(), record.key(), record.value(), e)));
    }
  }

  /** Parks input whose processing threw. */
  public static final class Processing implements ProcessingExceptionHandler {
    private Target target = new Target(null, "streams");

    @Override
    public void configure(Map<String, ?> configs) {
      target = Target.of(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
      LOG.warn("stage {}: processor {} failed on {}-{}@{}: {}", target.stage(), context.processorNodeId(),
          context.topic(), context.partition(), context.offset(), e.toString());
      if (target.dlqTopic() == null) {
        return Response.resume();
      }
      return Response.resume(List.of(DeadLetters.failed(target.dlqTopic(), target.stage(), context.topic(),
          context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue(), e)));
    }
  }
}
