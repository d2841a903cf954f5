package io.dipwatch.classify.stream;

import io.dipwatch.classify.story.SimHash;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.NewsItem;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Classifies each item with the rules in force and attaches its story fingerprint, so the single-partition story
 * step downstream only compares fingerprints. Runs in parallel on every input partition.
 */
final class ClassifyProcessor implements Processor<String, NewsItem, String, ClassifiedEvent> {
  static final String ATTR_SIMHASH = "simhash";
  static final String ATTR_SHINGLES = "shingles";

  private final LiveRules rules;
  private final String rulesStoreName;
  private ProcessorContext<String, ClassifiedEvent> context;
  private KeyValueStore<String, io.dipwatch.schema.RuleEntry> rulesStore;

  ClassifyProcessor(LiveRules rules, String rulesStoreName) {
    this.rules = rules;
    this.rulesStoreName = rulesStoreName;
  }

  @Override
  public void init(ProcessorContext<String, ClassifiedEvent> context) {
    this.context = context;
    this.rulesStore = context.getStateStore(rulesStoreName);
  }

  @Override
  public void process(Record<String, NewsItem> record) {
    NewsItem item = record.value();
    if (item == null) {
      return;
    }
    ClassifiedEvent event = rules.classifier(rulesStore).classify(item);
    SimHash.Fingerprint fp = SimHash.of(item.getTitle(), item.getBody());
    Map<String, String> attributes = new HashMap<>(event.getAttributes());
    attributes.put(ATTR_SIMHASH, fp.hex());
    attributes.put(ATTR_SHINGLES, Integer.toString(fp.shingles()));
    event.setAttributes(attributes);
    context.forward(record.withKey(item.getId()).withValue(event));
  }
}
