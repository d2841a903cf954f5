package io.dipwatch.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.json.Json;
import io.dipwatch.core.topic.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The ledger's reading and writing of the threads topic, on in-memory clients. */
class DeliveryLedgerTest {
  private final Topics topics = new Topics();
  private final TopicPartition partition = new TopicPartition(topics.slackThreads.name(), 0);
  private final MockConsumer<byte[], byte[]> reader = new MockConsumer<>("earliest");
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private long offset;

  DeliveryLedgerTest() {
    reader.updatePartitions(partition.topic(), List.of(new PartitionInfo(partition.topic(), 0, null, null, null)));
    reader.updateBeginningOffsets(Map.of(partition, 0L));
  }

  private void written(String ledgerKey, DeliveryState state) throws Exception {
    byte[] value = state == null ? null : topics.slackThreads.serializeValue(Json.mapper().writeValueAsString(state));
    reader.schedulePollTask(() -> reader.addRecord(new ConsumerRecord<>(partition.topic(), 0, offset,
        topics.slackThreads.serializeKey(ledgerKey), value)));
    offset++;
    reader.updateEndOffsets(Map.of(partition, offset));
  }

  @Test
  void readsOnlyItsOwnDestinationAndKeepsTheHighestVersion() throws Exception {
    written("slack:#duty#PRK|RUS", new DeliveryState("slack:#duty", "PRK|RUS", 3, "C1", "111.1", false));
    written("slack:#duty#PRK|RUS", new DeliveryState("slack:#duty", "PRK|RUS", 2, "C1", "111.1", false));
    written("webhook:siem#PRK|RUS", DeliveryState.delivered("webhook:siem", "PRK|RUS", 9));
    written("slack:#duty#KOR|PRK", new DeliveryState("slack:#duty", "KOR|PRK", 1, "C1", "222.2", true));
    written("slack:#duty#KOR|PRK", null);

    try (DeliveryLedger ledger = new DeliveryLedger(topics.slackThreads, reader, producer, "slack:#duty")) {
      ledger.catchUp();
      assertThat(ledger.get("PRK|RUS").version()).as("an older entry read later does not win").isEqualTo(3);
      assertThat(ledger.get("PRK|RUS").threadTs()).isEqualTo("111.1");
      assertThat(ledger.get("KOR|PRK")).as("deleted by a tombstone").isNull();
    }
  }

  @Test
  void recordWritesTheEntryAndRemembersIt() throws Exception {
    reader.updateEndOffsets(Map.of(partition, 0L));
    try (DeliveryLedger ledger = new DeliveryLedger(topics.slackThreads, reader, producer, "webhook:siem")) {
      ledger.catchUp();
      ledger.record(DeliveryState.delivered("webhook:siem", "PRK|RUS", 4));

      assertThat(ledger.get("PRK|RUS").version()).isEqualTo(4);
      var sent = producer.history();
      assertThat(sent).hasSize(1);
      assertThat(topics.slackThreads.deserializeKey(sent.get(0).key())).isEqualTo("webhook:siem#PRK|RUS");
      DeliveryState stored = Json.mapper().readValue(topics.slackThreads.deserializeValue(sent.get(0).value()),
          DeliveryState.class);
      assertThat(stored).isEqualTo(DeliveryState.delivered("webhook:siem", "PRK|RUS", 4));
    }
  }
}
