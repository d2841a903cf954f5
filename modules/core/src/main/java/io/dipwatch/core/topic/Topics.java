package io.dipwatch.core.topic;

import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.schema.CategoryCount;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.NewsItem;
import io.dipwatch.schema.RuleEntry;
import io.dipwatch.schema.Silence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of every topic dipwatch reads or writes, with its serdes and how it is created.
 * Names follow DESIGN.md; the prefix ({@code dipwatch.} by default) is configurable.
 */
public final class Topics {
  public static final String DEFAULT_PREFIX = "dipwatch.";
  public static final int DEFAULT_PARTITIONS = 3;

  private final String prefix;
  private final int partitions;

  public final Topic<String, NewsItem> newsRaw;
  public final Topic<String, ClassifiedEvent> classified;
  public final Topic<String, Escalation> escalations;
  public final Topic<String, Escalation> escalationsState;
  public final Topic<String, CategoryCount> analyticsCounts;
  public final Topic<String, RuleEntry> rules;
  public final Topic<String, Silence> silences;
  public final Topic<byte[], byte[]> dlq;
  public final Topic<byte[], byte[]> notificationsDlq;
  public final Topic<String, String> ingestSeen;
  /** Ingest's feed positions (key: feed URL, value: JSON with ETag / Last-Modified); see io.dipwatch.ingest. */
  public final Topic<String, String> ingestFeedState;
  public final Topic<String, String> slackThreads;
  public final Topic<String, String> escalationsJson;
  /** Escalate's event-time watermark ticks, one per partition (value: epoch millis); see escalate.Ticker. */
  public final Topic<String, Long> ticks;

  public Topics() {
    this(DEFAULT_PREFIX, DEFAULT_PARTITIONS);
  }

  public Topics(String prefix, int partitions) {
    this.prefix = prefix;
    this.partitions = partitions;
    var strings = Serdes.String();
    var bytes = Serdes.ByteArray();
    long week = TopicSpec.WEEK;
    newsRaw = new Topic<>(prefix + "news.raw", strings, DipwatchSerdes.newsItem(), TopicSpec.stream(partitions, 4 * week));
    classified = new Topic<>(prefix + "events.classified", strings, DipwatchSerdes.classifiedEvent(),
        TopicSpec.stream(partitions, 4 * week));
    escalations = new Topic<>(prefix + "escalations", strings, DipwatchSerdes.escalation(),
        TopicSpec.stream(partitions, TopicSpec.FOREVER));
    escalationsState = new Topic<>(prefix + "escalations.state", strings, DipwatchSerdes.escalation(),
        TopicSpec.compacted(partitions));
    analyticsCounts = new Topic<>(prefix + "analytics.counts", strings, DipwatchSerdes.categoryCount(),
        TopicSpec.stream(partitions, 12 * week));
    rules = new Topic<>(prefix + "rules", strings, DipwatchSerdes.ruleEntry(), TopicSpec.compacted(1));
    silences = new Topic<>(prefix + "silences", strings, DipwatchSerdes.silence(), TopicSpec.compacted(1));
    dlq = new Topic<>(prefix + "dlq", bytes, bytes, TopicSpec.stream(1, 4 * week));
    notificationsDlq = new Topic<>(prefix + "notifications.dlq", bytes, bytes, TopicSpec.stream(1, 4 * week));
    ingestSeen = new Topic<>(prefix + "ingest.seen", strings, strings, TopicSpec.compacted(partitions));
    ingestFeedState = new Topic<>(prefix + "ingest.feed-state", strings, strings, TopicSpec.compacted(1));
    slackThreads = new Topic<>(prefix + "slack.threads", strings, strings, TopicSpec.compacted(1));
    escalationsJson = new Topic<>(prefix + "escalations.json", strings, strings,
        TopicSpec.stream(partitions, TopicSpec.FOREVER));
    ticks = new Topic<>(prefix + "escalate.ticks", strings, Serdes.Long(), TopicSpec.stream(partitions, week));
  }

  public String prefix() {
    return prefix;
  }

  public int partitions() {
    return partitions;
  }

  /** The per-category topic, e.g. {@code dipwatch.events.sanctions}. */
  public Topic<String, ClassifiedEvent> category(String category) {
    return new Topic<>(prefix + "events." + category.toLowerCase(Locale.ROOT),
        Serdes.String(), DipwatchSerdes.classifiedEvent(), TopicSpec.stream(partitions, 4 * TopicSpec.WEEK));
  }

  /** Every fixed topic plus one per given category: what the app creates at start-up. */
  public List<Topic<?, ?>> all(List<String> categories) {
    List<Topic<?, ?>> all = new ArrayList<>(List.of(newsRaw, classified, escalations, escalationsState,
        analyticsCounts, rules, silences, dlq, notificationsDlq, ingestSeen, ingestFeedState, slackThreads, escalationsJson, ticks));
    categories.forEach(c -> all.add(category(c)));
    return all;
  }
}
