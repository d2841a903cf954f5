package io.dipwatch.escalate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.dipwatch.core.json.Json;
import io.dipwatch.core.model.Level;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EscalationConfigTest {

  @Test
  void yamlNamesOnlyWhatItChangesTheRestKeepsTheDefaults() throws Exception {
    String yaml = """
        window: P14D
        grace: PT6H
        updateThrottle: PT30M
        levels:
          watch: [{stories: 3, categories: 1, sources: 3}]
        """;
    EscalationConfig config = Json.yaml().readValue(yaml, EscalationConfig.class);
    EscalationConfig defaults = EscalationConfig.defaults();
    assertThat(config.window()).isEqualTo(Duration.ofDays(14));
    assertThat(config.grace()).isEqualTo(Duration.ofHours(6));
    assertThat(config.updateThrottle()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.levels().watch()).containsExactly(new EscalationConfig.Threshold(3, 1, 3));
    assertThat(config.levels().critical()).isEqualTo(defaults.levels().critical());
    assertThat(config.historyPerKey()).isEqualTo(defaults.historyPerKey());
    assertThat(config.organisations()).contains("UN", "NATO", "IAEA");
  }

  @Test
  void defaultLevelsFollowTheDesign() {
    var levels = EscalationConfig.defaults().levels();
    assertThat(levels.supported(1, 4, 12)).as("never on a single story").isNull();
    assertThat(levels.supported(2, 1, 2)).isNull();
    assertThat(levels.supported(2, 2, 1)).as("needs two sources").isNull();
    assertThat(levels.supported(2, 2, 2)).isEqualTo(Level.WATCH);
    assertThat(levels.supported(3, 1, 2)).isEqualTo(Level.WATCH);
    assertThat(levels.supported(3, 3, 2)).isEqualTo(Level.WARNING);
    assertThat(levels.supported(4, 4, 2)).as("CRITICAL needs three sources").isEqualTo(Level.WARNING);
    assertThat(levels.supported(4, 4, 3)).isEqualTo(Level.CRITICAL);
    assertThat(levels.supported(6, 3, 3)).isEqualTo(Level.CRITICAL);
    assertThat(levels.supported(5, 3, 3)).isEqualTo(Level.WARNING);
  }

  @Test
  void reorderDelayLongerThanTheGraceIsRefused() {
    assertThatThrownBy(() -> Json.yaml().readValue("grace: PT6H\nreorderDelay: PT7H\n", EscalationConfig.class))
        .isInstanceOf(ValueInstantiationException.class).hasMessageContaining("reorderDelay");
    assertThat(EscalationConfig.defaults().reorderDelay()).isZero();
  }

  @Test
  void graceLongerThanTheWindowIsRefused() {
    assertThatThrownBy(() -> Json.yaml().readValue("window: P1D\ngrace: P2D\n", EscalationConfig.class))
        .isInstanceOf(ValueInstantiationException.class).hasMessageContaining("grace");
  }
}
