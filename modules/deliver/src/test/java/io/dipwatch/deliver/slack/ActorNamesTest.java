package io.dipwatch.deliver.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActorNamesTest {

  @Test
  void statesGetFlagAndEnglishName() {
    assertThat(ActorNames.display("PRK")).isEqualTo("\uD83C\uDDF0\uD83C\uDDF5 North Korea");
    assertThat(ActorNames.display("RUS")).startsWith("\uD83C\uDDF7\uD83C\uDDFA ").contains("Russia");
    assertThat(ActorNames.display("UKR")).endsWith("Ukraine");
    assertThat(ActorNames.display("XKX")).isEqualTo(ActorNames.flag("XK") + " Kosovo");
  }

  @Test
  void territoriesShowTheParentFlag() {
    assertThat(ActorNames.display("UA-14")).isEqualTo(ActorNames.flag("UA") + " Donetsk");
    assertThat(ActorNames.display("UA-99")).isEqualTo(ActorNames.flag("UA") + " UA-99");
  }

  @Test
  void organisationsByNameAndUnknownCodesAsTheyAre() {
    assertThat(ActorNames.display("UNSC")).isEqualTo("UN Security Council");
    assertThat(ActorNames.display("NATO")).isEqualTo("NATO");
    assertThat(ActorNames.display("EU")).isEqualTo(ActorNames.flag("EU") + " European Union");
    assertThat(ActorNames.display("ZZZQ")).isEqualTo("ZZZQ");
  }
}
