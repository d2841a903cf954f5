package io.dipwatch.classify.stream;

import io.dipwatch.classify.ClassifyConfig;
import io.dipwatch.classify.story.SimHash;
import io.dipwatch.classify.story.StoryIndex;
import io.dipwatch.schema.ClassifiedEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Gives each classified item its story id from the fingerprint index and re-keys it by story id. Runs where
 * every fingerprint meets every other (one partition), and purges fingerprints older than the retention window
 * on a stream-time punctuation.
 */
final class StoryProcessor implements Processor<String, ClassifiedEvent, String, ClassifiedEvent> {
  private final String storeName;
  private final ClassifyConfig config;
  private ProcessorContext<String, ClassifiedEvent> context;
  private KeyValueStore<String, StoryIndex.Bands> store;
  private StoryIndex index;

  StoryProcessor(String storeName, ClassifyConfig config) {
    this.storeName = storeName;
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, ClassifiedEvent> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    this.index = new StoryIndex(new StoryIndex.BandStore() {
      @Override
      public StoryIndex.Bands get(String band) {
        return store.get(band);
      }

      @Override
      public void put(String band, StoryIndex.Bands bands) {
        store.put(band, bands);
      }

      @Override
      public void delete(String band) {
        store.delete(band);
      }
    }, config.simhashMaxDistance(), config.minShingles(), config.maxCandidatesPerBand(), config.dedupWindow().toMillis());
    context.schedule(config.purgeInterval(), PunctuationType.STREAM_TIME, this::purge);
  }

  @Override
  public void process(Record<String, ClassifiedEvent> record) {
    ClassifiedEvent event = record.value();
    String hex = event.getAttributes().get(ClassifyProcessor.ATTR_SIMHASH);
    String shingles = event.getAttributes().get(ClassifyProcessor.ATTR_SHINGLES);
    String storyId = event.getId();
    if (hex != null && shingles != null) {
      SimHash.Fingerprint fp = new SimHash.Fingerprint(Long.parseUnsignedLong(hex, 16), Integer.parseInt(shingles));
      storyId = index.assign(event.getId(), fp, record.timestamp());
    }
    event.setStoryId(storyId);
    context.forward(record.withKey(storyId).withValue(event));
  }

  private void purge(long streamTime) {
    try (KeyValueIterator<String, StoryIndex.Bands> all = store.all()) {
      java.util.List<KeyValue<String, StoryIndex.Bands>> bands = new java.util.ArrayList<>();
      all.forEachRemaining(bands::add);
      for (KeyValue<String, StoryIndex.Bands> kv : bands) {
        index.purge(kv.key, kv.value, streamTime);
      }
    }
  }
}
