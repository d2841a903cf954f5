package io.dipwatch.escalate;

import io.dipwatch.schema.ActorMention;
import io.dipwatch.schema.ClassifiedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which clusters an event belongs to: every unordered pair of its state/territory actors ({@code PRK|RUS}),
 * or the single actor when there is only one. Organisations (UN, EU, ...) never form keys: they take part in
 * too many stories to say what relates them.
 */
public final class ClusterKeys {
  public static final String SEPARATOR = "|";
  private static final Pattern STATE = Pattern.compile("[A-Z]{3}");
  private static final Pattern TERRITORY = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}");
  private static final Pattern KEY_SEPARATOR = Pattern.compile(Pattern.quote(SEPARATOR));

  private final Set<String> organisations;
  private final int maxActors;

  public ClusterKeys(EscalationConfig config) {
    this.organisations = Set.copyOf(config.organisations());
    this.maxActors = config.maxActorsPerEvent();
  }

  /** True for ISO alpha-3 states (and XKX/PSE/TWN) and ISO 3166-2 territories, false for organisations. */
  public boolean formsKeys(String code) {
    return code != null && !organisations.contains(code)
        && (STATE.matcher(code).matches() || TERRITORY.matcher(code).matches());
  }

  /** The event's cluster keys, sorted; empty when it names no state or territory. */
  public List<String> keysOf(ClassifiedEvent event) {
    List<String> actors = keyActors(event);
    List<String> keys = new ArrayList<>();
    if (actors.size() == 1) {
      keys.add(actors.get(0));
    }
    for (int i = 0; i < actors.size(); i++) {
      for (int j = i + 1; j < actors.size(); j++) {
        keys.add(actors.get(i) + SEPARATOR + actors.get(j));
      }
    }
    keys.sort(null);
    return keys;
  }

  /** The codes of a cluster key. */
  public static List<String> actorsOf(String clusterKey) {
    return List.of(KEY_SEPARATOR.split(clusterKey));
  }

  /** Key-forming actors, sorted; when there are too many, the most mentioned ones. */
  private List<String> keyActors(ClassifiedEvent event) {
    TreeSet<String> actors = new TreeSet<>();
    for (String code : event.getActors()) {
      if (formsKeys(code)) {
        actors.add(code);
      }
    }
    if (actors.size() <= maxActors) {
      return new ArrayList<>(actors);
    }
    Map<String, Integer> mentions = new HashMap<>();
    for (ActorMention m : event.getActorMentions()) {
      mentions.merge(m.getCode(), 1, Integer::sum);
    }
    List<String> ranked = new ArrayList<>(actors);
    ranked.sort(Comparator.comparing((String a) -> -mentions.getOrDefault(a, 0)).thenComparing(a -> a));
    List<String> kept = new ArrayList<>(ranked.subList(0, maxActors));
    kept.sort(null);
    return kept;
  }
}
