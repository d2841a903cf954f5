package io.dipwatch.classify.stream;

import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Emits one copy of an event per category it carries, tagged with a {@link #HEADER_CATEGORY} header that picks
 * the per-category topic; categories added later through the rules topic need no topology change.
 */
final class CategoryFanout implements Processor<String, ClassifiedEvent, String, ClassifiedEvent> {
  /** Header naming the category a per-category record was written for. */
  static final String HEADER_CATEGORY = "dipwatch.category";
  private ProcessorContext<String, ClassifiedEvent> context;

  @Override
  public void init(ProcessorContext<String, ClassifiedEvent> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, ClassifiedEvent> record) {
    for (CategoryScore category : record.value().getCategories()) {
      Headers headers = new RecordHeaders(record.headers().toArray());
      headers.remove(HEADER_CATEGORY);
      headers.add(HEADER_CATEGORY, category.getName().getBytes(StandardCharsets.UTF_8));
      context.forward(record.withHeaders(headers));
    }
  }
}
