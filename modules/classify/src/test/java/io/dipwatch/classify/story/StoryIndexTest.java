package io.dipwatch.classify.story;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoryIndexTest {
  static final String WIRE = "SEOUL, March 3 (Reuters) - North Korea fired two short-range ballistic missiles into the"
      + " sea off its east coast on Thursday, South Korea's military said, the latest in a series of weapons tests"
      + " that have raised tensions on the peninsula. The launches came days after Pyongyang warned of a strong"
      + " response to joint military drills by the United States and South Korea. Japan's defence ministry said the"
      + " missiles appeared to have landed outside its exclusive economic zone and that there were no reports of"
      + " damage to ships or aircraft. The United Nations Security Council has banned North Korea from ballistic"
      + " missile tests, and the country is under international sanctions over its weapons programmes.";
  static final String OTHER = "SEOUL, March 3 (Reuters) - South Korea will send a delegation to Washington next"
      + " week to discuss sanctions enforcement against North Korea, the foreign ministry said on Thursday, as the"
      + " allies step up efforts to cut off funding for Pyongyang's weapons programmes. The talks will focus on"
      + " ship-to-ship transfers of oil and coal in international waters and on North Korean IT workers abroad who"
      + " earn foreign currency for the regime, officials said, adding that Japan would join a trilateral session.";

  final Map<String, StoryIndex.Bands> bands = new HashMap<>();
  StoryIndex index;
  final long t0 = 1_700_000_000_000L;

  @BeforeEach
  void setUp() {
    index = new StoryIndex(new StoryIndex.BandStore() {
      @Override
      public StoryIndex.Bands get(String band) {
        return bands.get(band);
      }

      @Override
      public void put(String band, StoryIndex.Bands value) {
        bands.put(band, value);
      }

      @Override
      public void delete(String band) {
        bands.remove(band);
      }
    }, 5, 12, 32, Duration.ofDays(7).toMillis());
  }

  @Test
  void syndicatedCopyWithNewHeadlineAndLightEditsJoinsTheFirstStory() {
    String first = index.assign("a", SimHash.of("North Korea fires two ballistic missiles into sea", WIRE), t0);
    String edited = WIRE.replace("SEOUL, March 3 (Reuters) - ", "").replace("on Thursday", "Thursday")
        .replace("defence", "defense");
    String copy = index.assign("b", SimHash.of("N. Korea launches missiles, Seoul says", edited), t0 + 3_600_000);
    assertThat(first).isEqualTo("a");
    assertThat(copy).isEqualTo("a");
  }

  @Test
  void differentStoryOnTheSameTopicStartsItsOwnStory() {
    index.assign("a", SimHash.of("North Korea fires two ballistic missiles into sea", WIRE), t0);
    String other = index.assign("c", SimHash.of("South Korea, US to discuss North Korea sanctions", OTHER), t0 + 60_000);
    assertThat(other).isEqualTo("c");
    assertThat(SimHash.distance(SimHash.of("", WIRE).bits(), SimHash.of("", OTHER).bits())).isGreaterThan(10);
  }

  @Test
  void copiesChainThroughTheLatestMemberOfTheStory() {
    index.assign("a", SimHash.of("Missiles fired", WIRE), t0);
    String v2 = WIRE.replace("two short-range", "two").replace("Japan's", "Tokyo's");
    assertThat(index.assign("b", SimHash.of("Missiles fired", v2), t0 + 1000)).isEqualTo("a");
    assertThat(index.assign("b", SimHash.of("Missiles fired", v2), t0 + 2000)).isEqualTo("a");
  }

  @Test
  void storiesOlderThanTheWindowAreNotJoined() {
    index.assign("a", SimHash.of("Missiles fired", WIRE), t0);
    String late = index.assign("late", SimHash.of("Missiles fired", WIRE), t0 + Duration.ofDays(8).toMillis());
    assertThat(late).isEqualTo("late");
  }

  @Test
  void purgeDropsExpiredFingerprints() {
    index.assign("a", SimHash.of("Missiles fired", WIRE), t0);
    assertThat(bands).hasSize(6);
    Map<String, StoryIndex.Bands> snapshot = new HashMap<>(bands);
    snapshot.forEach((band, value) -> index.purge(band, value, t0 + Duration.ofDays(7).toMillis() + 1));
    assertThat(bands).isEmpty();
  }

  @Test
  void shortTextsJoinOnlyWhenIdentical() {
    String a = index.assign("a", SimHash.of("Russia bans imports", ""), t0);
    String same = index.assign("b", SimHash.of("Russia bans imports", ""), t0 + 1);
    String near = index.assign("c", SimHash.of("Russia bans exports", ""), t0 + 2);
    assertThat(a).isEqualTo("a");
    assertThat(same).isEqualTo("a");
    assertThat(near).isEqualTo("c");
    assertThat(index.assign("e", SimHash.of("", ""), t0 + 3)).isEqualTo("e");
    assertThat(index.assign("f", SimHash.of("", ""), t0 + 4)).isEqualTo("f");
  }
}
