package io.dipwatch.classify.stream;

import io.dipwatch.schema.RuleEntry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global rules store equal to the compacted rules topic (tombstones delete). */
final class RulesStoreUpdater implements Processor<String, RuleEntry, Void, Void> {
  private final String storeName;
  private KeyValueStore<String, RuleEntry> store;

  RulesStoreUpdater(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, RuleEntry> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
