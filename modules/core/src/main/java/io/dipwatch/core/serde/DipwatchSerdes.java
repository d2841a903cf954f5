package io.dipwatch.core.serde;

import io.dipwatch.schema.CategoryCount;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.NewsItem;
import io.dipwatch.schema.RuleEntry;
import io.dipwatch.schema.Silence;

/** One serde per record type that crosses a topic; stateless and thread-safe, so shared. */
public final class DipwatchSerdes {
  private static final AvroSerde<NewsItem> NEWS_ITEM = new AvroSerde<>(NewsItem.getClassSchema());
  private static final AvroSerde<ClassifiedEvent> CLASSIFIED_EVENT =
      new AvroSerde<>(ClassifiedEvent.getClassSchema());
  private static final AvroSerde<Escalation> ESCALATION = new AvroSerde<>(Escalation.getClassSchema());
  private static final AvroSerde<CategoryCount> CATEGORY_COUNT =
      new AvroSerde<>(CategoryCount.getClassSchema());
  private static final AvroSerde<RuleEntry> RULE_ENTRY = new AvroSerde<>(RuleEntry.getClassSchema());
  private static final AvroSerde<Silence> SILENCE = new AvroSerde<>(Silence.getClassSchema());

  private DipwatchSerdes() {}

  public static AvroSerde<NewsItem> newsItem() {
    return NEWS_ITEM;
  }

  public static AvroSerde<ClassifiedEvent> classifiedEvent() {
    return CLASSIFIED_EVENT;
  }

  public static AvroSerde<Escalation> escalation() {
    return ESCALATION;
  }

  public static AvroSerde<CategoryCount> categoryCount() {
    return CATEGORY_COUNT;
  }

  public static AvroSerde<RuleEntry> ruleEntry() {
    return RULE_ENTRY;
  }

  public static AvroSerde<Silence> silence() {
    return SILENCE;
  }
}
