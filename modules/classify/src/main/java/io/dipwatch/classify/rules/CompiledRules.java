package io.dipwatch.classify.rules;

import io.dipwatch.classify.text.NormalizedText;
import io.dipwatch.classify.text.TextNormalizer;
import io.dipwatch.classify.text.TokenCoder;
import io.dipwatch.schema.ActorMention;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
  /** The lead of a body is at least this many tokens (about two wire sentences), up to the end of a sentence. */
  static final int LEAD_MIN_TOKENS = 50;
  private static final int SYMBOL_BASE = 0x4E00;
  private static final int SYMBOL_LIMIT = 0xD7FF;
  /**
   * A wire dateline at the start of a body ("SEOUL, March 3 (Reuters) -", "LAUSANNE, Switzerland (AP) —"): places
   * in it say where the story was filed, not who acts in it.
   */
  private static final java.util.regex.Pattern DATELINE = java.util.regex.Pattern.compile(
      "^\\s*[A-Z][A-Z .'\\-]{2,40}(,[^\\n\u2014(]{0,40}?)?(\\s*\\([^)\\n]{1,40}\\))?\\s*(\u2014|\u2013|--|-)\\s");

  private static final Comparator<Match> LONGEST_FIRST = Comparator.comparingInt((Match m) -> m.from - m.to)
      .thenComparingInt(m -> m.from).thenComparingInt(m -> ((AliasHit) m.hit).kind.ordinal());
  private static final Comparator<Span> TITLE_THEN_BODY = Comparator
      .comparingInt((Span s) -> s.getField().equals(FIELD_TITLE) ? 0 : 1).thenComparingInt(Span::getStart);

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
  /** Token to automaton symbol (0 = in no keyword), memoised per thread by the normaliser. */
  private final TokenCoder symbolCoder = stem -> {
    Character symbol = tokenSymbols.get(stem);
    return symbol == null ? 0 : symbol;
  };

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
          spec.titleBoostOrDefault(), spec.bodyWeightOrDefault());
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
            pattern.groups().size(), Boolean.TRUE.equals(pattern.forward()),
            !Boolean.TRUE.equals(pattern.crossSentence()));
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
      if (spec.exclusions().size() > Long.SIZE) {
        throw new IllegalArgumentException("category " + model.name + " has more than " + Long.SIZE + " exclusions");
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
      model.negation = Cues.of(spec.negation(), 3, 0.0);
      model.background = Cues.of(spec.background(), 4, 0.5);
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
    NormalizedText[] fields = {TextNormalizer.normalize(title, symbolCoder), TextNormalizer.normalize(body, symbolCoder)};
    List<List<Match>> matches = new ArrayList<>(2);
    for (NormalizedText field : fields) {
      List<Match> found = new ArrayList<>();
      int n = field.size();
      char[] symbols = new char[n];
      int[] tokenAt = new int[n + 1];
      int length = 0;
      boolean gap = false;
      for (int t = 0; t < n; t++) {
        int symbol = field.code(t);
        if (symbol == 0) {
          if (!gap) {
            tokenAt[length] = -1;
            symbols[length++] = MASK;
            gap = true;
          }
          continue;
        }
        gap = false;
        tokenAt[length] = t;
        symbols[length++] = (char) symbol;
      }
      trie.parseText(java.nio.CharBuffer.wrap(symbols, 0, length), emit -> {
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
    Lead lead = new Lead(fields[1]);
    for (int ci = 0; ci < categories.size(); ci++) {
      CategoryScore score = scoreCategory(ci, fields, lead, terms.get(ci), exclusions.get(ci), groups.get(ci),
          mentions);
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
      aliases.sort(LONGEST_FIRST);
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

  private CategoryScore scoreCategory(int ci, NormalizedText[] fields, Lead lead, List<Occurrence> terms,
      List<Occurrence> exclusions, List<Occurrence> groups, List<Mention> mentions) {
    CategoryModel model = categories.get(ci);
    if (terms.isEmpty() && groups.isEmpty()) {
      return null;
    }
    terms = longestOnly(terms);
    ExclusionIndex excluding = new ExclusionIndex(model, fields, exclusions);
    double[] best = new double[model.rules.size()];
    Occurrence[][] bestAt = new Occurrence[model.rules.size()][];
    for (Occurrence o : terms) {
      Rule rule = model.rules.get(o.index);
      double placed = rule.weight * placeFactor(model, o.field, o.from, lead);
      if (placed <= best[o.index] || excluding.excludes(o, rule.phrase, o.key)) {
        continue;
      }
      double w = placed * cueFactor(model, fields[o.field], o.from, o.to);
      if (w > best[o.index]) {
        best[o.index] = w;
        bestAt[o.index] = new Occurrence[] {o};
      }
    }
    List<List<Occurrence>> byPattern = new ArrayList<>(model.patterns.size());
    for (int pi = 0; pi < model.patterns.size(); pi++) {
      byPattern.add(new ArrayList<>());
    }
    for (Occurrence o : groups) {
      byPattern.get(o.index).add(o);
    }
    for (int pi = 0; pi < model.patterns.size(); pi++) {
      matchPattern(model, pi, fields, lead, byPattern.get(pi), mentions, excluding, best, bestAt);
    }
    // Independent evidence only: a rule whose tokens overlap those of a stronger rule already counted adds nothing
    // ("sanctions on Iran" is one piece of evidence, whether a phrase, a pattern or both match it).
    int[] order = new int[best.length];
    int candidates = 0;
    for (int r = 0; r < best.length; r++) {
      if (best[r] > 0) {
        int k = candidates++;
        while (k > 0 && best[order[k - 1]] < best[r]) {
          order[k] = order[k - 1];
          k--;
        }
        order[k] = r;
      }
    }
    List<Occurrence> counted = new ArrayList<>();
    List<Span> evidence = new ArrayList<>();
    double raw = 0;
    double decisive = 0;
    for (int k = 0; k < candidates; k++) {
      int r = order[k];
      if (overlapsAny(bestAt[r], counted)) {
        continue;
      }
      Collections.addAll(counted, bestAt[r]);
      raw += best[r];
      if (!model.rules.get(r).support) {
        decisive += best[r];
      }
      for (Occurrence o : bestAt[r]) {
        evidence.add(span(fields[o.field], o.field, o.from, o.to, model.rules.get(r).id));
      }
    }
    if (decisive <= 0 || raw + 1e-9 < model.threshold) {
      return null;
    }
    evidence.sort(TITLE_THEN_BODY);
    double confidence = 1.0 - Math.pow(0.5, raw / model.threshold);
    return new CategoryScore(model.name, confidence, evidence);
  }

  private void matchPattern(CategoryModel model, int pi, NormalizedText[] fields, Lead lead,
      List<Occurrence> groupHits, List<Mention> mentions, ExclusionIndex excluding, double[] best,
      Occurrence[][] bestAt) {
    PatternModel pattern = model.patterns.get(pi);
    boolean anchored = false;
    for (int i = 0; i < groupHits.size() && !anchored; i++) {
      anchored = groupHits.get(i).group == 0;
    }
    if (!anchored) {
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
      double ceiling = rule.weight * (anchor.field == 0 ? Math.max(1.0, model.titleBoost) : 1.0);
      if (ceiling <= best[pattern.ruleIndex] || excluding.excludes(anchor, pattern.id, null)) {
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
          if (d <= pattern.window && d < nearest && (!pattern.sentence || (o.from < anchor.from
              ? Cues.sameSentence(fields[anchor.field], o.to - 1, anchor.from)
              : Cues.sameSentence(fields[anchor.field], anchor.to - 1, o.from)))) {
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
      int first = anchor.from;
      for (Occurrence o : found) {
        first = Math.min(first, o.from);
      }
      double w = rule.weight * placeFactor(model, anchor.field, first, lead)
          * cueFactor(model, fields[anchor.field], anchor.from, anchor.to);
      if (w > best[pattern.ruleIndex]) {
        best[pattern.ruleIndex] = w;
        bestAt[pattern.ruleIndex] = found.toArray(Occurrence[]::new);
      }
    }
  }

  /**
   * Which exclusions reach which tokens, built once per category and item: every exclusion occurrence marks the
   * tokens within its window with its bit, so testing a piece of evidence costs a few array reads instead of a
   * scan over all exclusion occurrences.
   */
  private static final class ExclusionIndex {
    private final CategoryModel model;
    private final long[][] near;
    private long everywhere;

    ExclusionIndex(CategoryModel model, NormalizedText[] fields, List<Occurrence> exclusions) {
      this.model = model;
      this.near = new long[fields.length][];
      for (Occurrence e : exclusions) {
        ExclusionModel ex = model.exclusions.get(e.index);
        long bit = 1L << e.index;
        if (ex.window == 0) {
          everywhere |= bit;
          continue;
        }
        long[] marks = near[e.field];
        if (marks == null) {
          marks = near[e.field] = new long[fields[e.field].size()];
        }
        int from = Math.max(0, e.from - ex.window - 1);
        int to = Math.min(marks.length - 1, e.to + ex.window);
        for (int t = from; t <= to; t++) {
          marks[t] |= bit;
        }
      }
    }

    /** Whether an exclusion within its window of {@code o} applies to the rule (phrase or pattern id) or key. */
    boolean excludes(Occurrence o, String ruleName, String key) {
      long mask = everywhere;
      long[] marks = near[o.field];
      if (marks != null) {
        for (int t = o.from; t < o.to; t++) {
          mask |= marks[t];
        }
      }
      while (mask != 0) {
        int index = Long.numberOfTrailingZeros(mask);
        mask &= mask - 1;
        Set<String> applies = model.exclusions.get(index).appliesTo;
        if (applies.isEmpty() || applies.contains(ruleName) || (key != null && applies.contains(key))) {
          return true;
        }
      }
      return false;
    }
  }

  /** Title evidence is boosted, lead-sentence evidence counts in full, the rest of the body by {@code bodyWeight}. */
  private static double placeFactor(CategoryModel model, int field, int from, Lead lead) {
    if (field == 0) {
      return model.titleBoost;
    }
    if (model.bodyWeight == 1.0 || from < LEAD_MIN_TOKENS) {
      return 1.0;
    }
    return from < lead.end() ? 1.0 : model.bodyWeight;
  }

  /** The body's lead, found only when evidence lies beyond its first {@link #LEAD_MIN_TOKENS} tokens. */
  private static final class Lead {
    private final NormalizedText body;
    private int end = -1;

    Lead(NormalizedText body) {
      this.body = body;
    }

    int end() {
      if (end < 0) {
        end = leadEnd(body);
      }
      return end;
    }
  }

  private static double cueFactor(CategoryModel model, NormalizedText field, int from, int to) {
    return model.negation.factor(field, from, to) * model.background.factor(field, from, to);
  }

  /**
   * The first token after the body's lead: at least {@link #LEAD_MIN_TOKENS} tokens, up to the end of the sentence
   * they reach (a full stop, question or exclamation mark followed by a space
   * and a capital or quote, not after a capitalised abbreviation such as "U.S." or "Mr."), or the size of the body.
   */
  static int leadEnd(NormalizedText body) {
    String text = body.original();
    int n = text.length();
    if (body.size() <= LEAD_MIN_TOKENS) {
      return body.size();
    }
    for (int i = body.originalStart(LEAD_MIN_TOKENS - 1); i + 2 < n; i++) {
      char c = text.charAt(i);
      if ((c != '.' && c != '?' && c != '!') || text.charAt(i + 1) != ' ') {
        continue;
      }
      char next = text.charAt(i + 2);
      if (!Character.isUpperCase(next) && next != '"' && next != '\u201C' && next != '\'') {
        continue;
      }
      if (c == '.' && abbreviation(text, i)) {
        continue;
      }
      for (int t = LEAD_MIN_TOKENS; t < body.size(); t++) {
        if (body.originalStart(t) > i) {
          return t;
        }
      }
      return body.size();
    }
    return body.size();
  }

  private static boolean abbreviation(String text, int dot) {
    int start = dot;
    while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
      start--;
    }
    int length = dot - start;
    if (length == 0) {
      return false;
    }
    if (start > 0 && text.charAt(start - 1) == '.') {
      return true;
    }
    return length <= 3 && Character.isUpperCase(text.charAt(start));
  }

  /** Cue phrases that scale evidence following them within a window (negation, hedging, background framing). */
  private record Cues(int window, double factor, Map<String, List<String[]>> before,
      Map<String, List<String[]>> after) {
    static final Cues NONE = new Cues(0, 1.0, Map.of(), Map.of());

    static Cues of(TaxonomySpec.Negation spec, int defaultWindow, double defaultFactor) {
      if (spec == null || (spec.cues().isEmpty() && spec.after().isEmpty())) {
        return NONE;
      }
      return new Cues(spec.window() == null ? defaultWindow : spec.window(),
          spec.factor() == null ? defaultFactor : spec.factor(), keys(spec.cues()), keys(spec.after()));
    }

    /** Cue phrases as token arrays, indexed by their first token. */
    private static Map<String, List<String[]>> keys(List<String> phrases) {
      Map<String, List<String[]>> keys = new HashMap<>();
      for (String phrase : phrases) {
        String key = TextNormalizer.normalizePhrase(phrase);
        if (!key.isEmpty()) {
          String[] tokens = key.split(" ");
          keys.computeIfAbsent(tokens[0], k -> new ArrayList<>()).add(tokens);
        }
      }
      return Map.copyOf(keys);
    }

    /**
     * {@code factor} if a cue ends within the window before token {@code from} or starts within it after token
     * {@code to}, in the same sentence.
     */
    double factor(NormalizedText field, int from, int to) {
      if (!before.isEmpty()) {
        for (int s = Math.max(0, from - window); s < from; s++) {
          List<String[]> cues = before.get(field.token(s));
          if (cues == null) {
            continue;
          }
          for (String[] cue : cues) {
            if (s + cue.length <= from && at(field, s, cue) && sameSentence(field, s + cue.length - 1, from)) {
              return factor;
            }
          }
        }
      }
      if (!after.isEmpty()) {
        for (int s = to; s <= to + window && s < field.size(); s++) {
          List<String[]> cues = after.get(field.token(s));
          if (cues == null) {
            continue;
          }
          for (String[] cue : cues) {
            if (s + cue.length <= field.size() && at(field, s, cue) && sameSentence(field, to - 1, s)) {
              return factor;
            }
          }
        }
      }
      return 1.0;
    }

    /** Whether no sentence or clause stop (. ! ? ;) lies between token {@code last} and token {@code next}. */
    private static boolean sameSentence(NormalizedText field, int last, int next) {
      String text = field.original();
      for (int i = field.originalEnd(last); i < field.originalStart(next); i++) {
        char c = text.charAt(i);
        if (c == '.' || c == '!' || c == '?' || c == ';') {
          return false;
        }
      }
      return true;
    }

    private static boolean at(NormalizedText field, int start, String[] cue) {
      for (int k = 0; k < cue.length; k++) {
        if (!field.token(start + k).equals(cue[k])) {
          return false;
        }
      }
      return true;
    }
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

  private static boolean overlapsAny(Occurrence[] parts, List<Occurrence> counted) {
    for (Occurrence p : parts) {
      for (Occurrence c : counted) {
        if (p.field == c.field && overlaps(p, c)) {
          return true;
        }
      }
    }
    return false;
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
    final double bodyWeight;
    Cues negation = Cues.NONE;
    Cues background = Cues.NONE;

    CategoryModel(String name, double threshold, double titleBoost, double bodyWeight) {
      this.name = name;
      this.threshold = threshold;
      this.titleBoost = titleBoost;
      this.bodyWeight = bodyWeight;
    }
  }

  private static final class PatternModel {
    final String id;
    final double weight;
    final int window;
    final int groups;
    final int[] actorGroup;
    final boolean forward;
    final boolean sentence;
    int ruleIndex;

    PatternModel(String id, double weight, int window, int groups, boolean forward, boolean sentence) {
      this.id = id;
      this.forward = forward;
      this.sentence = sentence;
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
