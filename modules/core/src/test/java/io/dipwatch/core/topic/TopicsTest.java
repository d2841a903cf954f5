package io.dipwatch.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.model.Categories;
import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void namesFollowTheDesignAndThePrefix() {
    Topics topics = new Topics();
    assertThat(topics.newsRaw.name()).isEqualTo("dipwatch.news.raw");
    assertThat(topics.classified.name()).isEqualTo("dipwatch.events.classified");
    assertThat(topics.escalations.name()).isEqualTo("dipwatch.escalations");
    assertThat(topics.category("SANCTIONS").name()).isEqualTo("dipwatch.events.sanctions");
    assertThat(topics.rules.spec().compacted()).isTrue();
    assertThat(new Topics("test.", 1).dlq.name()).isEqualTo("test.dlq");
  }

  @Test
  void allListsEveryTopicOnceWithCategoryTopics() {
    var all = new Topics().all(Categories.DEFAULTS);
    assertThat(all).extracting(Topic::name).doesNotHaveDuplicates()
        .contains("dipwatch.events.labour_migration", "dipwatch.events.weapons_development", "dipwatch.dlq");
  }
}
