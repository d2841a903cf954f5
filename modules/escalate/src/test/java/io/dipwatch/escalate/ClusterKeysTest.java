package io.dipwatch.escalate;

import static io.dipwatch.escalate.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterKeysTest {
  private final ClusterKeys keys = new ClusterKeys(EscalationConfig.defaults());
  private final Instant at = Instant.parse("2022-09-05T10:00:00Z");

  @Test
  void pairsOfStatesAndTerritoriesSortedOrganisationsLeftOut() {
    var e = event("i", "s", "a", at, List.of("SANCTIONS"), "RUS", "PRK", "UNSC", "UA-14");
    assertThat(keys.keysOf(e)).containsExactly("PRK|RUS", "PRK|UA-14", "RUS|UA-14");
  }

  @Test
  void oneStateKeysOnItselfAndOrganisationsAloneNone() {
    assertThat(keys.keysOf(event("i", "s", "a", at, List.of("SANCTIONS"), "PRK", "UN", "IAEA")))
        .containsExactly("PRK");
    assertThat(keys.keysOf(event("i", "s", "a", at, List.of("SANCTIONS"), "EU", "NATO"))).isEmpty();
  }

  @Test
  void tooManyActorsKeepsTheMostMentioned() throws Exception {
    var e = event("i", "s", "a", at, List.of("SANCTIONS"), "AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG",
        "GGG", "FFF");
    var limited = new ClusterKeys(Json.yaml().readValue("maxActorsPerEvent: 3", EscalationConfig.class));
    assertThat(limited.keysOf(e)).containsExactly("AAA|FFF", "AAA|GGG", "FFF|GGG");
    assertThat(ClusterKeys.actorsOf("PRK|UA-14")).containsExactly("PRK", "UA-14");
  }
}
