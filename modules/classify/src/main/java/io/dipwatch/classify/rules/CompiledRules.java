package io.dipwatch.classify.rules;

import io.dipwatch.classify.text.NormalizedText;
import io.dipwatch.classify.text.TextNormalizer;
import io.dipwatch.schema.ActorMention;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ahocorasick.trie.PayloadTrie;

/**
 * A taxonomy and a gazetteer compiled into one Aho–Corasick automaton over normalised text, plus the tables that
 * turn its matches into category calls (weights, co-occurrence, exclusions, negation) and actor mentions
 * (longest match, case rules, government-versus-location context). Immutable and thread-safe.
 */
public final class CompiledRules {
  public static final String FIELD_TITLE = "title";
  public static final String FIELD_BODY = "body";
  private static final char MASK = '~';
  private static final int SYMBOL_BASE = 0x4E00;
  private static final int SYMBOL_LIMIT = 0xD7FF;
  /**
   * A wire dateline at the start of a body ("SEOUL, March 3 (Reuters) -", "LAUSANNE, Switzerland (AP) —"): places
   * in it say where the story was filed, not who acts in it.
   */
  private static final java.util.regex.Pattern DATELINE = java.util.regex.Pattern.compile(
      "^\\s*[A-Z][A-Z .'\\-]{2,40}(,[^\\n\u2014(]{0,40}?)?(\\s*\\([^)\\n]{1,40}\\))?\\s*(\u2014|\u2013|--|-)\\s");

  private final String version;
  private final PayloadTrie<Hit[]> trie;
  private final List<CategoryModel> categories = new ArrayList<>();
  private final List<ActorModel> actors = new ArrayList<>();
  private final Set<String> governmentAfter = new HashSet<>();
  private final Map<String, List<String[]>> governmentBefore = new HashMap<>();
  private final Set<String> locationAfter = new HashSet<>();
  private final Map<String, List<String[]>> locationBefore = new HashMap<>();
  /**
   * One symbol per distinct keyword token. The automaton runs over token symbols rather than letters: a keyword
   * of three words is three symbols, text tokens that occur in no keyword collapse into one mask symbol, and a
   * match can only begin and end on token boundaries.
   */
  private final Map<String, Character> tokenSymbols = new HashMap<>();

  public CompiledRules(TaxonomySpec taxonomy, GazetteerSpec gazetteer) {
    this.version = "taxonomy:" + taxonomy.version() + "/gazetteer:" + gazetteer.version();
    Map<String, List<Hit>> keywords = new LinkedHashMap<>();
    compileTaxonomy(taxonomy, keywords);
    compileGazetteer(gazetteer, keywords);
    keywords.keySet().forEach(key -> {
      for (String token : key.split(" ")) {
        tokenSymbols.computeIfAbsent(token, t -> symbol(tokenSymbols.size()));
      }
    });
    PayloadTrie.PayloadTrieBuilder<Hit[]> builder = PayloadTrie.builder();
    keywords.forEach((key, hits) -> builder.addKeyword(encode(key), hits.toArray(Hit[]::new)));
    this.trie = builder.build();
  }

  /** "taxonomy:&lt;v&gt;/gazetteer:&lt;v&gt;", recorded on every event classified with these rules. */
  public String version() {
    return version;
  }

  /** Category names in taxonomy order. */
  public List<String> categoryNames() {
    return categories.stream().map(c -> c.name).toList();
  }

  /** Every phrase of every category with its weight: the naive baseline in the benchmark is built from these. */
  public Map<String, List<String>> termsByCategory() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (CategoryModel c : categories) {
      out.put(c.name, c.rules.stream().filter(r -> r.pattern == null).map(r -> r.phrase).toList());
    }
    return out;
  }

  // ---------------------------------------------------------------- compile

  private void compileTaxonomy(TaxonomySpec taxonomy, Map<String, List<Hit>> keywords) {
    int ci = 0;
    for (var entry : taxonomy.categories().entrySet()) {
      TaxonomySpec.Category spec = entry.getValue();
      if (spec == null || Boolean.FALSE.equals(spec.enabled())) {
        continue;
      }
      CategoryModel model = new CategoryModel(entry.getKey().toUpperCase(Locale.ROOT), spec.thresholdOrDefault(),
          spec.titleBoostOrDefault());
      categories.add(model);
      Map<String, Integer> ruleByKey = new HashMap<>();
      for (TaxonomySpec.TermGroup group : spec.terms()) {
        String groupId = group.id() == null ? "w" + group.weight() : group.id();
        boolean support = Boolean.TRUE.equals(group.support());
        for (String phrase : group.phrases()) {
          String key = TextNormalizer.normalizePhrase(phrase);
          if (key.isEmpty()) {
            continue;
          }
          Integer known = ruleByKey.get(key);
          if (known != null) {
            Rule existing = model.rules.get(known);
            if (existing.weight >= group.weight()) {
              continue;
            }
            model.rules.set(known, new Rule(model.name + ":" + groupId + ":" + phrase, phrase, group.weight(), null,
                support));
            continue;
          }
          int ri = model.rules.size();
          ruleByKey.put(key, ri);
          model.rules.add(new Rule(model.name + ":" + groupId + ":" + phrase, phrase, group.weight(), null, support));
          keywords.computeIfAbsent(key, k -> new ArrayList<>()).add(new TermHit(ci, ri, key));
        }
      }
      for (TaxonomySpec.Pattern pattern : spec.patterns()) {
        int pi = model.patterns.size();
        PatternModel pm = new PatternModel(pattern.id(), pattern.weight(), pattern.windowOrDefault(),
            pattern.groups().size(), Boolean.TRUE.equals(pattern.forward()));
        int ri = model.rules.size();
        model.rules.add(new Rule(model.name + ":pattern:" + pattern.id(), pattern.id(), pattern.weight(), pm, false));
        pm.ruleIndex = ri;
        model.patterns.add(pm);
        for (int gi = 0; gi < pattern.groups().size(); gi++) {
          for (String phrase : pattern.groups().get(gi)) {
            if (phrase.equals("@actor") || phrase.equals("@state")) {
              pm.actorGroup[gi] = phrase.equals("@state") ? 2 : 1;
              continue;
            }
            String key = TextNormalizer.normalizePhrase(phrase);
            if (!key.isEmpty()) {
              keywords.computeIfAbsent(key, k -> new ArrayList<>()).add(new GroupHit(ci, pi, gi));
            }
          }
        }
      }
      for (TaxonomySpec.Exclusion exclusion : spec.exclusions()) {
        int ei = model.exclusions.size();
        Set<String> applies = new HashSet<>();
        for (String a : exclusion.appliesTo()) {
          applies.add(a);
          applies.add(TextNormalizer.normalizePhrase(a));
        }
        model.exclusions.add(new ExclusionModel(exclusion.id(), exclusion.windowOrDefault(), applies));
        for (String phrase : exclusion.phrases()) {
          String key = TextNormalizer.normalizePhrase(phrase);
          if (!key.isEmpty()) {
            keywords.computeIfAbsent(key, k -> new ArrayList<>()).add(new ExclusionHit(ci, ei));
          }
        }
      }
      if (spec.negation() != null) {
        model.negationWindow = spec.negation().window() == null ? 3 : spec.negation().window();
        model.negationFactor = spec.negation().factor() == null ? 0.0 : spec.negation().factor();
        for (String cue : spec.negation().cues()) {
          String key = TextNormalizer.normalizePhrase(cue);
          if (!key.isEmpty()) {
            model.negationCues.add(key.split(" "));
          }
        }
      }
      ci++;
    }
  }

  private void compileGazetteer(GazetteerSpec gazetteer, Map<String, List<Hit>> keywords) {
    GazetteerSpec.Context context = gazetteer.context();
    if (context != null) {
      context.governmentAfter().forEach(w -> governmentAfter.add(TextNormalizer.normalizePhrase(w)));
      context.locationAfter().forEach(w -> locationAfter.add(TextNormalizer.normalizePhrase(w)));
      context.governmentBefore().forEach(p -> byLastToken(governmentBefore, p));
      context.locationBefore().forEach(p -> byLastToken(locationBefore, p));
    }
    for (GazetteerSpec.Actor actor : gazetteer.actors()) {
      int ai = actors.size();
      ActorModel model = new ActorModel(actor.code(), actor.kind() == null ? "state" : actor.kind(), actor.also());
      actors.add(model);
      addAliases(keywords, ai, actor.names(), AliasKind.NAME);
      addAliases(keywords, ai, actor.demonyms(), AliasKind.DEMONYM);
      addAliases(keywords, ai, actor.seats(), AliasKind.SEAT);
      addAliases(keywords, ai, actor.capitals(), AliasKind.CAPITAL);
      for (int ri = 0; ri < actor.contexts().size(); ri++) {
        GazetteerSpec.Reassign reassign = actor.contexts().get(ri);
        model.reassignCodes.add(reassign.code());
        for (String phrase : reassign.phrases()) {
          String key = TextNormalizer.normalizePhrase(phrase);
          if (!key.isEmpty()) {
            keywords.computeIfAbsent(key, k -> new ArrayList<>()).add(new ContextHit(ai, ri));
          }
        }
      }
    }
    for (String blocker : gazetteer.blockers()) {
      String key = TextNormalizer.normalizePhrase(blocker);
      if (!key.isEmpty()) {
        keywords.computeIfAbsent(key, k -> new ArrayList<>()).add(new AliasHit(-1, AliasKind.BLOCKER, null, false));
      }
    }
  }

  private static void byLastToken(Map<String, List<String[]>> index, String phrase) {
    String key = TextNormalizer.normalizePhrase(phrase);
    if (!key.isEmpty()) {
      String[] tokens = key.split(" ");
      index.computeIfAbsent(tokens[tokens.length - 1], k -> new ArrayList<>()).add(tokens);
    }
  }

  private static char symbol(int index) {
    int code = SYMBOL_BASE + index;
    if (code > SYMBOL_LIMIT) {
      throw new IllegalArgumentException("too many distinct keyword tokens: " + index);
    }
    return (char) code;
  }

  private String encode(String key) {
    String[] tokens = key.split(" ");
    char[] out = new char[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      out[i] = tokenSymbols.get(tokens[i]);
    }
    return new String(out);
  }

  private static void addAliases(Map<String, List<Hit>> keywords, int actorIndex, List<String> aliases, AliasKind kind) {
    for (String alias : aliases) {
      String key = TextNormalizer.normalizePhrase(alias);
      if (key.isEmpty()) {
        continue;
      }
      String letters = alias.replace(".", "");
      boolean exactCase = letters.length() <= 5 && letters.equals(letters.toUpperCase(Locale.ROOT))
          && letters.chars().anyMatch(Character::isLetter);
      boolean capitalised = Character.isUpperCase(alias.charAt(0));
      keywords.computeIfAbsent(key, k -> new ArrayList<>())
          .add(new AliasHit(actorIndex, kind, exactCase ? alias : null, capitalised));
    }
  }

  // ---------------------------------------------------------------- analyse

  /** The categories, actors and evidence of one item. */
  public record Analysis(List<CategoryScore> categories, List<String> actors, List<ActorMention> actorMentions) {}

  /** Analyses a title and a body (either may be empty). */
  public Analysis analyze(String title, String body) {
    NormalizedText[] fields = {TextNormalizer.normalize(title), TextNormalizer.normalize(body)};
    List<List<Match>> matches = new ArrayList<>(2);
    for (NormalizedText field : fields) {
      List<Match> found = new ArrayList<>();
      int n = field.size();
      StringBuilder symbols = new StringBuilder(n);
      int[] tokenAt = new int[n + 1];
      boolean gap = false;
      for (int t = 0; t < n; t++) {
        Character symbol = tokenSymbols.get(field.token(t));
        if (symbol == null) {
          if (!gap) {
            tokenAt[symbols.length()] = -1;
            symbols.append(MASK);
            gap = true;
          }
          continue;
        }
        gap = false;
        tokenAt[symbols.length()] = t;
        symbols.append(symbol.charValue());
      }
      trie.parseText(symbols, emit -> {
        int from = tokenAt[emit.getStart()];
        int last = tokenAt[emit.getEnd()];
        for (Hit hit : emit.getPayload()) {
          found.add(new Match(from, last + 1, hit));
        }
        return true;
      });
      matches.add(found);
    }
    List<Mention> mentions = resolveActors(fields, matches);
    List<List<Occurrence>> terms = buckets();
    List<List<Occurrence>> exclusions = buckets();
    List<List<Occurrence>> groups = buckets();
    for (int f = 0; f < fields.length; f++) {
      for (Match m : matches.get(f)) {
        if (m.hit instanceof TermHit t) {
          terms.get(t.category).add(new Occurrence(f, m.from, m.to, t.rule, 0, t.key));
        } else if (m.hit instanceof ExclusionHit e) {
          exclusions.get(e.category).add(new Occurrence(f, m.from, m.to, e.exclusion, 0, null));
        } else if (m.hit instanceof GroupHit g) {
          groups.get(g.category).add(new Occurrence(f, m.from, m.to, g.pattern, g.group, null));
        }
      }
    }
    List<CategoryScore> scores = new ArrayList<>();
    for (int ci = 0; ci < categories.size(); ci++) {
      CategoryScore score = scoreCategory(ci, fields, terms.get(ci), exclusions.get(ci), groups.get(ci), mentions);
      if (score != null) {
        scores.add(score);
      }
    }
    TreeSet<String> codes = new TreeSet<>();
    List<ActorMention> actorMentions = new ArrayList<>(mentions.size());
    for (Mention m : mentions) {
      ActorModel model = actors.get(m.actor);
      Span where = span(fields[m.field], m.field, m.from, m.to, null);
      if (!m.code.startsWith("@")) {
        codes.add(m.code);
        actorMentions.add(new ActorMention(m.code, where));
      }
      if (m.code.equals(model.code)) {
        for (String also : model.also) {
          codes.add(also);
          actorMentions.add(new ActorMention(also, where));
        }
      }
    }
    return new Analysis(scores, List.copyOf(codes), actorMentions);
  }

  private List<Mention> resolveActors(NormalizedText[] fields, List<List<Match>> matches) {
    Map<Integer, String> reassigned = new HashMap<>();
    for (List<Match> fieldMatches : matches) {
      for (Match m : fieldMatches) {
        if (m.hit instanceof ContextHit c && !reassigned.containsKey(c.actor)) {
          String code = actors.get(c.actor).reassignCodes.get(c.reassign);
          reassigned.put(c.actor, code == null ? "" : code);
        }
      }
    }
    List<Mention> mentions = new ArrayList<>();
    java.util.regex.Matcher dateline = DATELINE.matcher(fields[1].original());
    int datelineEnd = dateline.lookingAt() ? dateline.end() : 0;
    for (int f = 0; f < fields.length; f++) {
      NormalizedText field = fields[f];
      List<Match> aliases = new ArrayList<>();
      for (Match m : matches.get(f)) {
        if (m.hit instanceof AliasHit a && surfaceFits(field, m, a)) {
          aliases.add(m);
        }
      }
      aliases.sort(Comparator.comparingInt((Match m) -> m.from - m.to).thenComparingInt(m -> m.from)
          .thenComparingInt(m -> ((AliasHit) m.hit).kind.ordinal()));
      boolean[] taken = new boolean[field.size()];
      for (Match m : aliases) {
        boolean free = true;
        for (int t = m.from; t < m.to && free; t++) {
          free = !taken[t];
        }
        if (!free) {
          continue;
        }
        Arrays.fill(taken, m.from, m.to, true);
        AliasHit a = (AliasHit) m.hit;
        if (a.kind == AliasKind.BLOCKER || locationOnly(field, m)
            || (f == 1 && field.originalStart(m.from) < datelineEnd)) {
          continue;
        }
        if (a.kind == AliasKind.CAPITAL && !governmentContext(field, m)) {
          continue;
        }
        String code = actors.get(a.actor).code;
        String other = reassigned.get(a.actor);
        if (other != null) {
          if (other.isEmpty()) {
            continue;
          }
          code = other;
        }
        mentions.add(new Mention(f, m.from, m.to, a.actor, code, actors.get(a.actor).kind));
      }
    }
    return mentions;
  }

  private static boolean surfaceFits(NormalizedText field, Match m, AliasHit a) {
    if (a.kind == AliasKind.BLOCKER) {
      return true;
    }
    String original = field.original();
    int start = field.originalStart(m.from);
    if (a.exactCase != null) {
      int end = field.originalEnd(m.to - 1);
      int k = 0;
      for (int i = start; i < end; i++) {
        char c = original.charAt(i);
        if (c == '.') {
          continue;
        }
        while (k < a.exactCase.length() && a.exactCase.charAt(k) == '.') {
          k++;
        }
        if (k >= a.exactCase.length() || a.exactCase.charAt(k) != c) {
          return false;
        }
        k++;
      }
      while (k < a.exactCase.length() && a.exactCase.charAt(k) == '.') {
        k++;
      }
      return k == a.exactCase.length();
    }
    return !a.capitalised || Character.isUpperCase(original.charAt(start));
  }

  private boolean locationOnly(NormalizedText field, Match m) {
    if (m.to < field.size() && !field.possessive(m.to - 1) && locationAfter.contains(field.token(m.to))) {
      return true;
    }
    return endsBefore(field, m.from, locationBefore);
  }

  private boolean governmentContext(NormalizedText field, Match m) {
    if (field.possessive(m.to - 1)) {
      return true;
    }
    if (m.to < field.size() && governmentAfter.contains(field.token(m.to))) {
      return true;
    }
    return endsBefore(field, m.from, governmentBefore);
  }

  /**
   * Whether one of the phrases (indexed by their last token) ends right before token {@code at}; an article
   * "the" may sit in between.
   */
  private static boolean endsBefore(NormalizedText field, int at, Map<String, List<String[]>> phrases) {
    for (int gap = 0; gap <= 1; gap++) {
      int last = at - 1 - gap;
      if (last < 0 || (gap == 1 && !field.token(at - 1).equals("the"))) {
        continue;
      }
      List<String[]> candidates = phrases.get(field.token(last));
      if (candidates == null) {
        continue;
      }
      for (String[] phrase : candidates) {
        int start = last + 1 - phrase.length;
        if (start < 0) {
          continue;
        }
        boolean same = true;
        for (int k = 0; k < phrase.length && same; k++) {
          same = field.token(start + k).equals(phrase[k]);
        }
        if (same) {
          return true;
        }
      }
    }
    return false;
  }

  private List<List<Occurrence>> buckets() {
    List<List<Occurrence>> buckets = new ArrayList<>(categories.size());
    for (int i = 0; i < categories.size(); i++) {
      buckets.add(new ArrayList<>());
    }
    return buckets;
  }

  private CategoryScore scoreCategory(int ci, NormalizedText[] fields, List<Occurrence> terms,
      List<Occurrence> exclusions, List<Occurrence> groups, List<Mention> mentions) {
    CategoryModel model = categories.get(ci);
    if (terms.isEmpty() && groups.isEmpty()) {
      return null;
    }
    terms = longestOnly(terms);
    double[] best = new double[model.rules.size()];
    Occurrence[] bestAt = new Occurrence[model.rules.size()];
    for (Occurrence o : terms) {
      Rule rule = model.rules.get(o.index);
      if (excluded(model, o, rule.phrase, o.key, exclusions)) {
        continue;
      }
      double w = rule.weight * (o.field == 0 ? model.titleBoost : 1.0) * negation(model, fields[o.field], o.from);
      if (w > best[o.index]) {
        best[o.index] = w;
        bestAt[o.index] = o;
      }
    }
    List<Span> evidence = new ArrayList<>();
    List<List<Occurrence>> byPattern = new ArrayList<>(model.patterns.size());
    for (int pi = 0; pi < model.patterns.size(); pi++) {
      byPattern.add(new ArrayList<>());
    }
    for (Occurrence o : groups) {
      byPattern.get(o.index).add(o);
    }
    for (int pi = 0; pi < model.patterns.size(); pi++) {
      matchPattern(model, pi, fields, byPattern.get(pi), mentions, exclusions, best, evidence);
    }
    double raw = 0;
    double decisive = 0;
    for (int r = 0; r < best.length; r++) {
      raw += best[r];
      if (!model.rules.get(r).support) {
        decisive += best[r];
      }
      if (bestAt[r] != null && best[r] > 0) {
        Occurrence o = bestAt[r];
        evidence.add(span(fields[o.field], o.field, o.from, o.to, model.rules.get(r).id));
      }
    }
    if (decisive <= 0 || raw + 1e-9 < model.threshold) {
      return null;
    }
    evidence.sort(Comparator.comparing((Span s) -> s.getField().equals(FIELD_TITLE) ? 0 : 1)
        .thenComparingInt(Span::getStart));
    double confidence = 1.0 - Math.pow(0.5, raw / model.threshold);
    return new CategoryScore(model.name, confidence, evidence);
  }

  private void matchPattern(CategoryModel model, int pi, NormalizedText[] fields,
      List<Occurrence> groupHits, List<Mention> mentions, List<Occurrence> exclusions, double[] best,
      List<Span> evidence) {
    PatternModel pattern = model.patterns.get(pi);
    if (groupHits.isEmpty()) {
      return;
    }
    List<List<Occurrence>> byGroup = new ArrayList<>(pattern.groups);
    for (int g = 0; g < pattern.groups; g++) {
      byGroup.add(new ArrayList<>());
    }
    for (Occurrence o : groupHits) {
      byGroup.get(o.group).add(o);
    }
    if (byGroup.get(0).isEmpty()) {
      return;
    }
    for (int g = 0; g < pattern.groups; g++) {
      if (pattern.actorGroup[g] != 0) {
        for (Mention m : mentions) {
          if (pattern.actorGroup[g] == 1 || !m.kind.equals("organisation")) {
            byGroup.get(g).add(new Occurrence(m.field, m.from, m.to, pi, g, null));
          }
        }
      }
    }
    Rule rule = model.rules.get(pattern.ruleIndex);
    for (Occurrence anchor : byGroup.get(0)) {
      if (excluded(model, anchor, pattern.id, null, exclusions)) {
        continue;
      }
      List<Occurrence> found = new ArrayList<>();
      found.add(anchor);
      for (int g = 1; g < pattern.groups && found.size() == g; g++) {
        Occurrence near = null;
        int nearest = Integer.MAX_VALUE;
        for (Occurrence o : byGroup.get(g)) {
          if (o.field != anchor.field || overlaps(o, anchor) || (pattern.forward && o.from < anchor.to)) {
            continue;
          }
          int d = distance(o, anchor);
          if (d <= pattern.window && d < nearest) {
            nearest = d;
            near = o;
          }
        }
        if (near != null) {
          found.add(near);
        }
      }
      if (found.size() < pattern.groups) {
        continue;
      }
      double w = rule.weight * (anchor.field == 0 ? model.titleBoost : 1.0)
          * negation(model, fields[anchor.field], anchor.from);
      if (w > best[pattern.ruleIndex]) {
        if (best[pattern.ruleIndex] == 0) {
          for (Occurrence o : found) {
            evidence.add(span(fields[o.field], o.field, o.from, o.to, rule.id));
          }
        }
        best[pattern.ruleIndex] = w;
      }
    }
  }

  private static boolean excluded(CategoryModel model, Occurrence o, String ruleName, String key,
      List<Occurrence> exclusions) {
    for (Occurrence e : exclusions) {
      ExclusionModel ex = model.exclusions.get(e.index);
      if (!ex.appliesTo.isEmpty() && !ex.appliesTo.contains(ruleName) && (key == null || !ex.appliesTo.contains(key))) {
        continue;
      }
      if (ex.window == 0 || (e.field == o.field && distance(e, o) <= ex.window)) {
        return true;
      }
    }
    return false;
  }

  private static double negation(CategoryModel model, NormalizedText field, int at) {
    if (model.negationCues.isEmpty()) {
      return 1.0;
    }
    int from = Math.max(0, at - model.negationWindow);
    for (String[] cue : model.negationCues) {
      for (int s = from; s + cue.length <= at; s++) {
        boolean same = true;
        for (int k = 0; k < cue.length && same; k++) {
          same = field.token(s + k).equals(cue[k]);
        }
        if (same) {
          return model.negationFactor;
        }
      }
    }
    return 1.0;
  }

  /** Drops occurrences contained in a longer one of the same category ("nuclear test" over "test"). */
  private static List<Occurrence> longestOnly(List<Occurrence> occurrences) {
    if (occurrences.size() < 2) {
      return occurrences;
    }
    List<Occurrence> kept = new ArrayList<>(occurrences.size());
    for (Occurrence o : occurrences) {
      boolean inside = false;
      for (Occurrence other : occurrences) {
        if (other != o && other.field == o.field && other.from <= o.from && other.to >= o.to
            && (other.to - other.from) > (o.to - o.from)) {
          inside = true;
          break;
        }
      }
      if (!inside) {
        kept.add(o);
      }
    }
    return kept;
  }

  private static boolean overlaps(Occurrence a, Occurrence b) {
    return a.from < b.to && b.from < a.to;
  }

  private static int distance(Occurrence a, Occurrence b) {
    if (overlaps(a, b)) {
      return 0;
    }
    return a.to <= b.from ? b.from - a.to : a.from - b.to;
  }

  private static Span span(NormalizedText field, int fieldIndex, int from, int to, String rule) {
    int start = field.originalStart(from);
    int end = field.originalEnd(to - 1);
    return new Span(field.original().substring(start, end), fieldIndex == 0 ? FIELD_TITLE : FIELD_BODY, start, end,
        rule);
  }

  // ---------------------------------------------------------------- model

  private enum AliasKind { NAME, SEAT, DEMONYM, CAPITAL, BLOCKER }

  private sealed interface Hit permits TermHit, GroupHit, ExclusionHit, AliasHit, ContextHit {}

  private record TermHit(int category, int rule, String key) implements Hit {}

  private record GroupHit(int category, int pattern, int group) implements Hit {}

  private record ExclusionHit(int category, int exclusion) implements Hit {}

  private record AliasHit(int actor, AliasKind kind, String exactCase, boolean capitalised) implements Hit {}

  private record ContextHit(int actor, int reassign) implements Hit {}

  private record Match(int from, int to, Hit hit) {}

  private record Occurrence(int field, int from, int to, int index, int group, String key) {}

  private record Mention(int field, int from, int to, int actor, String code, String kind) {}

  private record Rule(String id, String phrase, double weight, PatternModel pattern, boolean support) {}

  private static final class CategoryModel {
    final String name;
    final double threshold;
    final double titleBoost;
    final List<Rule> rules = new ArrayList<>();
    final List<PatternModel> patterns = new ArrayList<>();
    final List<ExclusionModel> exclusions = new ArrayList<>();
    final List<String[]> negationCues = new ArrayList<>();
    int negationWindow = 3;
    double negationFactor = 1.0;

    CategoryModel(String name, double threshold, double titleBoost) {
      this.name = name;
      this.threshold = threshold;
      this.titleBoost = titleBoost;
    }
  }

  private static final class PatternModel {
    final String id;
    final double weight;
    final int window;
    final int groups;
    final int[] actorGroup;
    final boolean forward;
    int ruleIndex;

    PatternModel(String id, double weight, int window, int groups, boolean forward) {
      this.id = id;
      this.forward = forward;
      this.weight = weight;
      this.window = window;
      this.groups = groups;
      this.actorGroup = new int[groups];
    }
  }

  private record ExclusionModel(String id, int window, Set<String> appliesTo) {}

  private static final class ActorModel {
    final String code;
    final String kind;
    final List<String> also;
    final List<String> reassignCodes = new ArrayList<>();

    ActorModel(String code, String kind, List<String> also) {
      this.code = code;
      this.kind = kind;
      this.also = also;
    }
  }
}
