package io.dipwatch.classify.rules;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A taxonomy and a gazetteer compiled into one Aho–Corasick automaton over normalised text, plus the tables that
 * turn its matches into category calls (weights, co-occurrence, exclusions, negation) and actor mentions
 * (longest match, case rules, government-versus-location context). Immutable and thread-safe.
 */
public final class CompiledRules {
  public static final String FIELD_TITLE = "title";
  public static final String FIELD_BODY = "body";
  private static final int FIELD_COUNT = 2;
  private static final char MASK = '~';
  /** The lead of a body is at least this many tokens (a news lede: its first sentence), up to the end of a sentence. */
  static final int LEAD_MIN_TOKENS = 20;
  private static final int SYMBOL_BASE = 0x4E00;
  private static final int SYMBOL_LIMIT = 0xD7FF;
  /**
   * A wire dateline at the start of a body ("SEOUL, March 3 (Reuters) -", "LAUSANNE, Switzerland (AP) —"): places
   * in it say where the story was filed, not who acts in it.
   */
  private static final java.util.regex.Pattern DATELINE = java.util.regex.Pattern.compile(
      "^\\s*[A-Z][A-Z .'\\-]{2,40}(,[^\\n\u2014(]{0,40}?)?(\\s*\\([^)\\n]{1,40}\\))?\\s*(\u2014|\u2013|--|-)\\s");

  private static final Occurrence[] NO_OCCURRENCES = {};
  /** The window of an exclusion that counts only in the title or lead and then reaches the whole item. */
  private static final int HEADLINE_SCOPE = -1;
  /** How far from the evidence, in tokens and within its clause, a year dates it. */
  private static final int DATE_REACH = 4;
  /** Words that make a following four-digit number a date (stems, as the normaliser gives them). */
  private static final Set<String> DATE_INTRODUCERS = dateIntroducers();
  /** Longest alias first, then leftmost, then by kind (name before seat, demonym, capital): one plain compare. */
  private static final Comparator<Match> LONGEST_FIRST = (a, b) -> {
    int byLength = Integer.compare(a.from - a.to, b.from - b.to);
    if (byLength != 0) {
      return byLength;
    }
    int byStart = Integer.compare(a.from, b.from);
    return byStart != 0 ? byStart
        : Integer.compare(((AliasHit) a.hit).kind.ordinal(), ((AliasHit) b.hit).kind.ordinal());
  };

  private final String version;
  private final AhoCorasickDoubleArrayTrie<Hit[]> trie = new AhoCorasickDoubleArrayTrie<>();
  private final List<CategoryModel> categories = new ArrayList<>();
  private final List<ActorModel> actors = new ArrayList<>();
  /** The largest rule count of a category: the size of the per-item {@link BestEvidence} index. */
  private final int maxRules;
  /** The most tokens in one keyword: bounds how far a hit's start lies before its end. */
  private final int longestKeyword;
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
  /** Per-thread working memory of {@link #analyze}; the rules themselves stay immutable and shared. */
  private final ThreadLocal<Scratch> scratch;
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
    this.maxRules = categories.stream().mapToInt(c -> c.rules.size()).max().orElse(0);
    int longest = 0;
    for (String key : keywords.keySet()) {
      String[] tokens = key.split(" ");
      longest = Math.max(longest, tokens.length);
      for (String token : tokens) {
        tokenSymbols.computeIfAbsent(token, t -> symbol(tokenSymbols.size()));
      }
    }
    this.longestKeyword = longest;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(categories.size(), maxRules));
    Map<String, Hit[]> encoded = new TreeMap<>(Comparator.reverseOrder());
    keywords.forEach((key, hits) -> encoded.put(encode(key), hits.toArray(Hit[]::new)));
    trie.build(encoded);
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
          spec.titleBoostOrDefault(), spec.bodyWeightOrDefault(), spec.minDecisiveOrDefault());
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
          keywords.computeIfAbsent(key, k -> new ArrayList<>()).add(new TermHit(ci, ri));
        }
      }
      for (TaxonomySpec.Pattern pattern : spec.patterns()) {
        int pi = model.patterns.size();
        PatternModel pm = new PatternModel(pattern.id(), pattern.weight(), pattern.windowOrDefault(),
            pattern.groups().size(), Boolean.TRUE.equals(pattern.forward()),
            !Boolean.TRUE.equals(pattern.crossSentence()), pattern.minStatesOrDefault());
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
        model.exclusions.add(new ExclusionModel(exclusion.id(),
            exclusion.headlineScope() ? HEADLINE_SCOPE : exclusion.windowOrDefault(), applies));
        for (String phrase : exclusion.phrases()) {
          String key = TextNormalizer.normalizePhrase(phrase);
          if (!key.isEmpty()) {
            keywords.computeIfAbsent(key, k -> new ArrayList<>()).add(new ExclusionHit(ci, ei));
          }
        }
      }
      model.exclusionsByRule = exclusionsByRule(model, ruleByKey);
      model.negation = Cues.of(spec.negation(), 3, 0.0);
      model.background = Cues.of(spec.background(), 4, 0.5);
      ci++;
    }
  }

  /**
   * Per rule, the bit set of the category's exclusions that apply to it (no {@code appliesTo}, or one naming the
   * rule's phrase, pattern id or normalised key), so scoring tests a piece of evidence with one mask, not set look-ups.
   */
  private static long[] exclusionsByRule(CategoryModel model, Map<String, Integer> ruleByKey) {
    String[] keys = new String[model.rules.size()];
    ruleByKey.forEach((key, rule) -> keys[rule] = key);
    long[] masks = new long[model.rules.size()];
    for (int r = 0; r < masks.length; r++) {
      String name = model.rules.get(r).phrase;
      for (int e = 0; e < model.exclusions.size(); e++) {
        Set<String> applies = model.exclusions.get(e).appliesTo;
        if (applies.isEmpty() || applies.contains(name) || (keys[r] != null && applies.contains(keys[r]))) {
          masks[r] |= 1L << e;
        }
      }
    }
    return masks;
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
        keywords.computeIfAbsent(key, k -> new ArrayList<>()).add(new AliasHit(-1, AliasKind.BLOCKER, null, false, null));
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

  private static Set<String> dateIntroducers() {
    Set<String> words = new HashSet<>();
    for (String w : List.of("in", "since", "from", "until", "by", "during", "early", "late", "mid", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "spring", "summer",
        "autumn", "fall", "winter")) {
      words.add(TextNormalizer.normalizePhrase(w));
    }
    return Set.copyOf(words);
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
      String lastWord = lastWord(alias);
      String lastKey = key.substring(key.lastIndexOf(' ') + 1);
      keywords.computeIfAbsent(key, k -> new ArrayList<>())
          .add(new AliasHit(actorIndex, kind, exactCase ? alias : null, capitalised,
              lastWord.equals(lastKey) ? null : lastWord));
    }
  }

  // ---------------------------------------------------------------- analyse

  /** The categories, actors and evidence of one item. */
  public record Analysis(List<CategoryScore> categories, List<String> actors, List<ActorMention> actorMentions) {}

  /**
   * Analyses a title and a body (either may be empty) of an item published in {@code publishedYear} (0 if unknown):
   * evidence dated in its own clause to an earlier year ("switched recognition to Beijing in 2019") counts as
   * background.
   */
  public Analysis analyze(String title, String body, int publishedYear) {
    NormalizedText[] fields = {TextNormalizer.normalize(title, symbolCoder), TextNormalizer.normalize(body, symbolCoder)};
    Scratch scratch = this.scratch.get();
    ItemMatches found = scratch.matches;
    found.clear();
    scratch.best.clear();
    for (int f = 0; f < fields.length; f++) {
      match(fields[f], f, found);
    }
    List<Mention> mentions = resolveActors(fields, found);
    Item item = new Item(fields, mentions, scratch.best, publishedYear);
    List<CategoryScore> scores = new ArrayList<>();
    for (int ci = 0; ci < categories.size(); ci++) {
      CategoryScore score = scoreCategory(ci, item, found.terms(ci), found.exclusions(ci), found.groups(ci));
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

  /**
   * Runs the automaton over one field's token symbols (runs of tokens in no keyword collapsed into one mask symbol)
   * and files every hit straight into its category or actor bucket, in text order.
   */
  private void match(NormalizedText field, int fieldIndex, ItemMatches found) {
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
    trie.parseText(length == n ? symbols : Arrays.copyOf(symbols, length), (begin, end, hits) -> {
      int from = tokenAt[begin];
      int to = tokenAt[end - 1] + 1;
      for (Hit hit : hits) {
        found.add(fieldIndex, from, to, hit);
      }
    });
  }

  /** The automaton's hits of one item, bucketed by category (taxonomy) and by field (gazetteer), in text order. */
  private static final class ItemMatches {
    private final List<Occurrence>[] terms;
    private final List<Occurrence>[] exclusions;
    private final List<Occurrence>[] groups;
    private final List<Match>[] aliases;
    private final List<ContextHit> contexts = new ArrayList<>();

    @SuppressWarnings("unchecked")
    ItemMatches(int categoryCount, int fieldCount) {
      terms = new List[categoryCount];
      exclusions = new List[categoryCount];
      groups = new List[categoryCount];
      aliases = new List[fieldCount];
    }

    void add(int field, int from, int to, Hit hit) {
      if (hit instanceof TermHit t) {
        bucket(terms, t.category, 32).add(new Occurrence(field, from, to, t.rule, 0));
      } else if (hit instanceof ExclusionHit e) {
        bucket(exclusions, e.category, 32).add(new Occurrence(field, from, to, e.exclusion, 0));
      } else if (hit instanceof GroupHit g) {
        bucket(groups, g.category, 64).add(new Occurrence(field, from, to, g.pattern, g.group));
      } else if (hit instanceof AliasHit) {
        bucket(aliases, field, 32).add(new Match(from, to, hit));
      } else if (hit instanceof ContextHit c) {
        contexts.add(c);
      }
    }

    private static <T> List<T> bucket(List<T>[] buckets, int index, int capacity) {
      List<T> bucket = buckets[index];
      if (bucket == null) {
        bucket = buckets[index] = new ArrayList<>(capacity);
      }
      return bucket;
    }

    List<Occurrence> terms(int category) {
      return orEmpty(terms[category]);
    }

    List<Occurrence> exclusions(int category) {
      return orEmpty(exclusions[category]);
    }

    List<Occurrence> groups(int category) {
      return orEmpty(groups[category]);
    }

    List<Match> aliases(int field) {
      return orEmpty(aliases[field]);
    }

    List<ContextHit> contexts() {
      return contexts;
    }

    private static <T> List<T> orEmpty(List<T> list) {
      return list == null ? List.of() : list;
    }

    /** Empties every bucket, keeping its capacity for the next item. */
    void clear() {
      clearAll(terms);
      clearAll(exclusions);
      clearAll(groups);
      clearAll(aliases);
      contexts.clear();
    }

    private static void clearAll(List<?>[] buckets) {
      for (List<?> bucket : buckets) {
        if (bucket != null) {
          bucket.clear();
        }
      }
    }
  }

  /**
   * One thread's working memory for the item it is analysing: the hit buckets and the evidence board are emptied and
   * reused item after item instead of allocated afresh (they were a third of the bytes allocated per item).
   */
  private static final class Scratch {
    final ItemMatches matches;
    final BestEvidence best;

    Scratch(int categoryCount, int maxRules) {
      this.matches = new ItemMatches(categoryCount, FIELD_COUNT);
      this.best = new BestEvidence(maxRules);
    }
  }

  /**
   * What the scoring of every category shares for one item: its fields, the lead, the resolved actor mentions and,
   * built on first use, those mentions as pattern occurrences ({@code @actor}: all, {@code @state}: no organisations).
   */
  private static final class Item {
    final NormalizedText[] fields;
    final Lead lead;
    final List<Mention> mentions;
    final int publishedYear;
    private Occurrence[] actorOccurrences;
    private Occurrence[] stateOccurrences;
    private int distinctStates = -1;

    private final BestEvidence bestEvidence;

    Item(NormalizedText[] fields, List<Mention> mentions, BestEvidence bestEvidence, int publishedYear) {
      this.publishedYear = publishedYear;
      this.bestEvidence = bestEvidence;
      this.fields = fields;
      this.lead = new Lead(fields[1]);
      this.mentions = mentions;
    }

    /** How many distinct states and territories the item names (organisations not counted). */
    int distinctStates() {
      if (distinctStates < 0) {
        Set<String> codes = new HashSet<>();
        for (Mention m : mentions) {
          if (!m.kind.equals("organisation") && !m.code.startsWith("@")) {
            codes.add(m.code);
          }
        }
        distinctStates = codes.size();
      }
      return distinctStates;
    }

    /** The per-rule board of the category being scored (cleared after each category). */
    BestEvidence bestEvidence() {
      return bestEvidence;
    }

    /** Mentions that fill a pattern group of {@code actorGroup} kind (1 = any actor, 2 = states only). */
    Occurrence[] mentionOccurrences(int actorGroup) {
      if (actorOccurrences == null) {
        List<Occurrence> all = new ArrayList<>(mentions.size());
        List<Occurrence> states = new ArrayList<>(mentions.size());
        for (Mention m : mentions) {
          Occurrence o = new Occurrence(m.field, m.from, m.to, -1, -1);
          all.add(o);
          if (!m.kind.equals("organisation")) {
            states.add(o);
          }
        }
        actorOccurrences = all.toArray(Occurrence[]::new);
        stateOccurrences = states.toArray(Occurrence[]::new);
      }
      return actorGroup == 1 ? actorOccurrences : stateOccurrences;
    }
  }

  private List<Mention> resolveActors(NormalizedText[] fields, ItemMatches found) {
    Map<Integer, String> reassigned = new HashMap<>();
    for (ContextHit c : found.contexts()) {
      if (!reassigned.containsKey(c.actor)) {
        String code = actors.get(c.actor).reassignCodes.get(c.reassign);
        reassigned.put(c.actor, code == null ? "" : code);
      }
    }
    List<Mention> mentions = new ArrayList<>();
    int datelineEnd = datelineEnd(fields[1].original());
    for (int f = 0; f < fields.length; f++) {
      NormalizedText field = fields[f];
      List<Match> aliases = new ArrayList<>();
      for (Match m : found.aliases(f)) {
        if (surfaceFits(field, m, (AliasHit) m.hit)) {
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

  /**
   * The end of the body's wire dateline, 0 without one. Most bodies start with a sentence ("The European Union
   * ..."), which cannot open a dateline (a capital and two more capitals, spaces, dots, apostrophes or hyphens), so
   * the regular expression runs only on the few that can.
   */
  private static int datelineEnd(String body) {
    int i = 0;
    while (i < body.length() && isRegexSpace(body.charAt(i))) {
      i++;
    }
    if (i + 2 >= body.length() || !isCapital(body.charAt(i)) || !isDatelineChar(body.charAt(i + 1))
        || !isDatelineChar(body.charAt(i + 2))) {
      return 0;
    }
    java.util.regex.Matcher dateline = DATELINE.matcher(body);
    return dateline.lookingAt() ? dateline.end() : 0;
  }

  /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static boolean isCapital(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isDatelineChar(char c) {
    return isCapital(c) || c == ' ' || c == '.' || c == '\'' || c == '-';
  }

  private static boolean sameWordOrPlural(String alias, String word) {
    return word.equals(alias) || word.equals(alias + "s") || word.equals(alias + "es")
        || alias.equals(word + "s") || alias.equals(word + "es");
  }

  /** The last word of an alias, folded and lower-cased. */
  private static String lastWord(String alias) {
    NormalizedText t = TextNormalizer.normalize(alias);
    int last = t.size() - 1;
    return TextNormalizer.foldedWord(alias, t.originalStart(last), t.originalEnd(last));
  }

  private static boolean surfaceFits(NormalizedText field, Match m, AliasHit a) {
    if (a.kind == AliasKind.BLOCKER) {
      return true;
    }
    String original = field.original();
    int start = field.originalStart(m.from);
    if (a.inflected != null && !sameWordOrPlural(a.inflected,
        TextNormalizer.foldedWord(original, field.originalStart(m.to - 1), field.originalEnd(m.to - 1)))) {
      return false;
    }
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

  private CategoryScore scoreCategory(int ci, Item item, List<Occurrence> terms, List<Occurrence> exclusions,
      List<Occurrence> groups) {
    CategoryModel model = categories.get(ci);
    if (terms.isEmpty() && groups.isEmpty()) {
      return null;
    }
    NormalizedText[] fields = item.fields;
    ExclusionIndex excluding = new ExclusionIndex(model, outsidePositives(exclusions, terms, groups), item.lead);
    terms = longestOnly(terms);
    BestEvidence best = item.bestEvidence();
    for (Occurrence o : terms) {
      Rule rule = model.rules.get(o.index);
      double placed = rule.weight * placeFactor(model, o.field, o.from, item.lead);
      if (placed <= best.weight(o.index) || excluding.excludes(o, model.exclusionsByRule[o.index])) {
        continue;
      }
      double w = weigh(model, placed, item, fields[o.field], o.from, o.to, o.from, o.to, best.weight(o.index));
      if (w > best.weight(o.index)) {
        best.put(o.index, w, new Occurrence[] {o});
      }
    }
    matchPatterns(model, item, groups, excluding, best);
    // Independent evidence only: a rule whose tokens overlap those of a stronger rule already counted adds nothing
    // ("sanctions on Iran" is one piece of evidence, whether a phrase, a pattern or both match it).
    int candidates = best.sortStrongestFirst();
    List<Occurrence> counted = new ArrayList<>();
    List<Span> evidence = new ArrayList<>();
    double raw = 0;
    double decisive = 0;
    long backgroundSentences = 0;
    for (int k = 0; k < candidates; k++) {
      int r = best.rule(k);
      Occurrence[] at = best.at(k);
      if (overlapsAny(at, counted)) {
        continue;
      }
      // Past the lead, one sentence is one fact: its strongest piece of evidence counts, the rest repeat it
      // (sentences are told apart modulo 64, so only articles of more than 64 sentences can merge two).
      if (afterLead(at[0], item)) {
        long bit = 1L << (fields[1].sentence(at[0].from) & 63);
        if ((backgroundSentences & bit) != 0) {
          continue;
        }
        backgroundSentences |= bit;
      }
      Collections.addAll(counted, at);
      raw += best.weight(r);
      if (!model.rules.get(r).support) {
        decisive += best.weight(r);
      }
      for (Occurrence o : at) {
        evidence.add(span(fields[o.field], o.field, o.from, o.to, model.rules.get(r).id));
      }
    }
    best.clear();
    if (decisive <= 0 || decisive + 1e-9 < model.minDecisive || raw + 1e-9 < model.threshold) {
      return null;
    }
    sortTitleThenBody(evidence);
    double confidence = 1.0 - Math.pow(0.5, raw / model.threshold);
    return new CategoryScore(model.name, confidence, evidence);
  }

  /**
   * Evaluates every pattern with at least one group hit. The hits are bucketed by pattern with a counting sort
   * (text order kept within a pattern) rather than one list per pattern of the taxonomy.
   */
  private void matchPatterns(CategoryModel model, Item item, List<Occurrence> groups, ExclusionIndex excluding,
      BestEvidence best) {
    if (groups.isEmpty()) {
      return;
    }
    int patterns = model.patterns.size();
    int[] start = new int[patterns + 1];
    for (Occurrence o : groups) {
      start[o.index + 1]++;
    }
    for (int pi = 0; pi < patterns; pi++) {
      start[pi + 1] += start[pi];
    }
    Occurrence[] byPattern = new Occurrence[groups.size()];
    int[] next = Arrays.copyOf(start, patterns);
    for (Occurrence o : groups) {
      byPattern[next[o.index]++] = o;
    }
    for (int pi = 0; pi < patterns; pi++) {
      if (start[pi] < start[pi + 1]) {
        matchPattern(model, pi, item, byPattern, start[pi], start[pi + 1], excluding, best);
      }
    }
  }

  /**
   * Evaluates pattern {@code pi} on its group hits {@code hits[from..to)}. A group's candidates are its keyword hits
   * in text order, then, for an {@code @actor}/{@code @state} group, the item's actor mentions; they are read in
   * place rather than copied into per-group arrays.
   */
  private void matchPattern(CategoryModel model, int pi, Item item, Occurrence[] hits, int from, int to,
      ExclusionIndex excluding, BestEvidence best) {
    PatternModel pattern = model.patterns.get(pi);
    if (!everyGroupPresent(pattern, hits, from, to, item)
        || (pattern.minStates > 0 && item.distinctStates() < pattern.minStates)) {
      return;
    }
    NormalizedText[] fields = item.fields;
    Rule rule = model.rules.get(pattern.ruleIndex);
    Occurrence[] found = new Occurrence[pattern.groups];
    Occurrence[] anchorMentions = mentions(pattern, 0, item);
    for (int a = from; a < to + anchorMentions.length; a++) {
      Occurrence anchor = a < to ? hits[a] : anchorMentions[a - to];
      if (a < to && anchor.group != 0) {
        continue;
      }
      double ceiling = rule.weight * (anchor.field == 0 ? Math.max(1.0, model.titleBoost)
          : Math.max(placeFactor(model, 1, Math.max(0, anchor.from - pattern.window - longestKeyword), item.lead),
              placeFactor(model, 1, anchor.from, item.lead)));
      if (ceiling <= best.weight(pattern.ruleIndex)
          || excluding.excludes(anchor, model.exclusionsByRule[pattern.ruleIndex])) {
        continue;
      }
      found[0] = anchor;
      int filled = 1;
      while (filled < pattern.groups) {
        Occurrence near = nearest(pattern, fields[anchor.field], anchor, hits, from, to, filled, longestKeyword,
            mentions(pattern, filled, item));
        if (near == null) {
          break;
        }
        found[filled++] = near;
      }
      if (filled < pattern.groups) {
        continue;
      }
      int first = anchor.from;
      int last = anchor.to;
      for (Occurrence o : found) {
        first = Math.min(first, o.from);
        last = Math.max(last, o.to);
      }
      double w = weigh(model, rule.weight * placeFactor(model, anchor.field, first, item.lead), item,
          fields[anchor.field], anchor.from, anchor.to, first, last, best.weight(pattern.ruleIndex));
      if (w > best.weight(pattern.ruleIndex)) {
        best.put(pattern.ruleIndex, w, found.clone());
      }
    }
  }

  /**
   * Whether the anchor group has a keyword hit and every other group a hit or, for an actor group, a mention: a
   * pattern missing one cannot match, and most patterns an item touches miss one.
   */
  private static boolean everyGroupPresent(PatternModel pattern, Occurrence[] hits, int from, int to, Item item) {
    long present = 0;
    for (int i = from; i < to; i++) {
      present |= 1L << hits[i].group;
    }
    if ((present & 1L) == 0) {
      return false;
    }
    for (int g = 1; g < pattern.groups; g++) {
      if ((present & (1L << g)) == 0 && mentions(pattern, g, item).length == 0) {
        return false;
      }
    }
    return true;
  }

  /** The actor mentions that fill group {@code g} of the pattern (none unless it is an actor group). */
  private static Occurrence[] mentions(PatternModel pattern, int g, Item item) {
    return pattern.actorGroup[g] == 0 ? NO_OCCURRENCES : item.mentionOccurrences(pattern.actorGroup[g]);
  }

  /**
   * Of group {@code g}'s keyword hits in {@code hits[from..to)}, then {@code mentions}, the one nearest to the anchor
   * within the pattern's window (and sentence); the first one on a tie. The hits are in automaton order, by field and
   * then end token, so only the run that can lie within the window is read: it starts at the first hit ending at
   * most a window before the anchor and stops past hits that end more than a window plus a keyword's length after it.
   */
  private static Occurrence nearest(PatternModel pattern, NormalizedText field, Occurrence anchor,
      Occurrence[] hits, int from, int to, int g, int longestKeyword, Occurrence[] mentions) {
    Occurrence near = null;
    int nearest = Integer.MAX_VALUE;
    int lastEnd = anchor.to + pattern.window + longestKeyword;
    for (int i = firstEndingFrom(hits, from, to, anchor.field, anchor.from - pattern.window); i < to; i++) {
      Occurrence o = hits[i];
      if (o.field != anchor.field || o.to > lastEnd) {
        break;
      }
      if (o.group == g) {
        int d = closerThan(pattern, field, anchor, o, nearest);
        if (d >= 0) {
          nearest = d;
          near = o;
        }
      }
    }
    for (Occurrence o : mentions) {
      if (o.field == anchor.field) {
        int d = closerThan(pattern, field, anchor, o, nearest);
        if (d >= 0) {
          nearest = d;
          near = o;
        }
      }
    }
    return near;
  }

  /** The distance of candidate {@code o} from the anchor if it may fill the group and beats {@code nearest}, else -1. */
  private static int closerThan(PatternModel pattern, NormalizedText field, Occurrence anchor, Occurrence o,
      int nearest) {
    if (overlaps(o, anchor) || (pattern.forward && o.from < anchor.to)) {
      return -1;
    }
    int d = distance(o, anchor);
    if (d > pattern.window || d >= nearest) {
      return -1;
    }
    boolean sameSentence = !pattern.sentence || (o.from < anchor.from
        ? Cues.sameSentence(field, o.to - 1, anchor.from)
        : Cues.sameSentence(field, anchor.to - 1, o.from));
    return sameSentence ? d : -1;
  }

  /** The first index in {@code hits[from..to)} (ordered by field, then end) at or after (field, end). */
  private static int firstEndingFrom(Occurrence[] hits, int from, int to, int field, int end) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Occurrence o = hits[mid];
      if (o.field < field || (o.field == field && o.to < end)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The strongest weight and occurrences found so far per rule of the category being scored. An item touches a
   * dozen of a category's hundreds of rules, so only those are kept (an index from rule to slot, reset after use)
   * instead of arrays over every rule per category and item.
   */
  private static final class BestEvidence {
    private final int[] slotOfRule;
    private int[] rules = new int[16];
    private double[] weights = new double[16];
    private Occurrence[][] at = new Occurrence[16][];
    private int count;

    BestEvidence(int maxRules) {
      slotOfRule = new int[maxRules];
      Arrays.fill(slotOfRule, -1);
    }

    /** The best weight of {@code rule} so far, 0 if none. */
    double weight(int rule) {
      int slot = slotOfRule[rule];
      return slot < 0 ? 0 : weights[slot];
    }

    /** Records a better weight for {@code rule}. */
    void put(int rule, double weight, Occurrence[] occurrences) {
      int slot = slotOfRule[rule];
      if (slot < 0) {
        if (count == rules.length) {
          rules = Arrays.copyOf(rules, count * 2);
          weights = Arrays.copyOf(weights, count * 2);
          at = Arrays.copyOf(at, count * 2);
        }
        slot = count++;
        slotOfRule[rule] = slot;
        rules[slot] = rule;
      }
      weights[slot] = weight;
      at[slot] = occurrences;
    }

    /** Orders the slots by weight, strongest first, ties by rule index; returns their number. */
    int sortStrongestFirst() {
      for (int i = 1; i < count; i++) {
        int k = i;
        while (k > 0 && before(k, k - 1)) {
          swap(k, k - 1);
          k--;
        }
      }
      for (int i = 0; i < count; i++) {
        slotOfRule[rules[i]] = i;
      }
      return count;
    }

    int rule(int slot) {
      return rules[slot];
    }

    Occurrence[] at(int slot) {
      return at[slot];
    }

    void clear() {
      for (int i = 0; i < count; i++) {
        slotOfRule[rules[i]] = -1;
        at[i] = null;
      }
      count = 0;
    }

    private boolean before(int a, int b) {
      return weights[a] > weights[b] || (weights[a] == weights[b] && rules[a] < rules[b]);
    }

    private void swap(int a, int b) {
      int rule = rules[a];
      rules[a] = rules[b];
      rules[b] = rule;
      double weight = weights[a];
      weights[a] = weights[b];
      weights[b] = weight;
      Occurrence[] occurrences = at[a];
      at[a] = at[b];
      at[b] = occurrences;
    }
  }

  /**
   * Which exclusions reach a piece of evidence, per category and item: exclusions with a window are kept as
   * occurrences and tested by interval, those with window 0 (the whole item) as one bit mask. An item has few
   * exclusion hits, so this beats marking every token in reach.
   */
  private static final class ExclusionIndex {
    private final CategoryModel model;
    private final Occurrence[] windowed;
    private long everywhere;

    ExclusionIndex(CategoryModel model, List<Occurrence> exclusions, Lead lead) {
      this.model = model;
      if (exclusions.isEmpty()) {
        this.windowed = NO_OCCURRENCES;
        return;
      }
      List<Occurrence> windowed = new ArrayList<>(exclusions.size());
      for (Occurrence e : exclusions) {
        int window = model.exclusions.get(e.index).window;
        if (window == HEADLINE_SCOPE) {
          if (inHeadline(e, lead)) {
            everywhere |= 1L << e.index;
          }
        } else if (window == 0) {
          everywhere |= 1L << e.index;
        } else {
          windowed.add(e);
        }
      }
      this.windowed = windowed.toArray(NO_OCCURRENCES);
    }

    /** Whether an exclusion in {@code applicable} (a rule's {@code exclusionsByRule}) reaches {@code o}. */
    boolean excludes(Occurrence o, long applicable) {
      if ((everywhere & applicable) != 0) {
        return true;
      }
      for (Occurrence e : windowed) {
        if ((applicable & (1L << e.index)) == 0 || e.field != o.field) {
          continue;
        }
        long window = model.exclusions.get(e.index).window;
        long reachFrom = e.from - window - 1;
        long reachTo = e.to + window;
        if (reachFrom <= reachTo && o.from <= reachTo && o.to - 1 >= reachFrom) {
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

  /** Whether {@code o} lies in the title or the body's lead sentence. */
  private static boolean inHeadline(Occurrence o, Lead lead) {
    return o.field == 0 || o.from < LEAD_MIN_TOKENS || o.from < lead.end();
  }

  private static boolean afterLead(Occurrence o, Item item) {
    return o.field == 1 && o.from >= LEAD_MIN_TOKENS && o.from >= item.lead.end();
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

  /**
   * The weight of evidence at tokens {@code from..to) (its pattern spanning {@code first..last)}) after negation and
   * background cues; evidence dated to an earlier year counts as background. The date is looked for only when the
   * weight could still beat {@code toBeat}: dating only lowers it (background factors are at most 1).
   */
  private static double weigh(CategoryModel model, double placed, Item item, NormalizedText field, int from, int to,
      int first, int last, double toBeat) {
    double background = model.background.factor(field, from, to);
    double w = placed * model.negation.factor(field, from, to) * background;
    if (w <= toBeat || background != 1.0 || !datedEarlier(item.publishedYear, field, first, last)) {
      return w;
    }
    return w * model.background.factor();
  }

  /**
   * Whether a year before {@code publishedYear}, introduced as a date ("in 2019", "since 2014", "in July 2023"),
   * stands within {@link #DATE_REACH} tokens of the evidence in its clause.
   */
  private static boolean datedEarlier(int publishedYear, NormalizedText field, int from, int to) {
    if (publishedYear == 0) {
      return false;
    }
    int start = Math.max(1, from - DATE_REACH);
    int end = Math.min(field.size(), to + DATE_REACH);
    for (int k = 0; k < field.fourDigitTokenCount(); k++) {
      int t = field.fourDigitToken(k);
      if (t < start || (t >= from && t < to)) {
        continue;
      }
      if (t >= end) {
        break;
      }
      int year = year(field.token(t));
      if (year != 0 && year < publishedYear && DATE_INTRODUCERS.contains(field.token(t - 1))
          && (t < from ? sameClause(field, t, from, true) : sameClause(field, to - 1, t, false))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether tokens {@code last} and {@code next} are in one clause: no stop, comma, dash or bracket between them
   * ("relations, severed in 2016" dates the severing, not the relations), except the comma of a fronted date
   * ("In 2019, Kiribati switched").
   */
  private static boolean sameClause(NormalizedText field, int last, int next, boolean frontedDate) {
    if (!field.sameSentence(last, next)) {
      return false;
    }
    String text = field.original();
    int from = field.originalEnd(last);
    int to = field.originalStart(next);
    if (frontedDate && from < to && text.charAt(from) == ',') {
      from++;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == ',' || c == '(' || c == ')' || c == '\u2014' || c == '\u2013' || c == ':') {
        return false;
      }
    }
    return true;
  }

  private static int year(String token) {
    if (token.length() != 4) {
      return 0;
    }
    int year = 0;
    for (int i = 0; i < 4; i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      year = year * 10 + (c - '0');
    }
    return year >= 1900 && year <= 2100 ? year : 0;
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
      Map<String, List<String[]>> after, long beforeFilter, long afterFilter) {
    static final Cues NONE = new Cues(0, 1.0, Map.of(), Map.of(), 0, 0);

    static Cues of(TaxonomySpec.Negation spec, int defaultWindow, double defaultFactor) {
      if (spec == null || (spec.cues().isEmpty() && spec.after().isEmpty())) {
        return NONE;
      }
      Map<String, List<String[]>> before = keys(spec.cues());
      Map<String, List<String[]>> after = keys(spec.after());
      return new Cues(spec.window() == null ? defaultWindow : spec.window(),
          spec.factor() == null ? defaultFactor : spec.factor(), before, after, filter(before), filter(after));
    }

    /**
     * One bit per cue first token (its hash code mod 64): most text tokens miss it, so the map is asked only for
     * tokens that may start a cue.
     */
    private static long filter(Map<String, List<String[]>> cues) {
      long bits = 0;
      for (String first : cues.keySet()) {
        bits |= 1L << (first.hashCode() & 63);
      }
      return bits;
    }

    private static List<String[]> startingAt(NormalizedText field, int s, long filter,
        Map<String, List<String[]>> cues) {
      String token = field.token(s);
      return (filter >>> (token.hashCode() & 63) & 1L) == 0 ? null : cues.get(token);
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
          List<String[]> cues = startingAt(field, s, beforeFilter, before);
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
          List<String[]> cues = startingAt(field, s, afterFilter, after);
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
      return field.sameSentence(last, next);
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

  /**
   * Drops occurrences contained in a longer one of the same category ("nuclear test" over "test"). The list is in
   * match order (field, then end token), so only neighbours ending between this end and this start plus the longest
   * occurrence's length can contain one: a scan of a few entries rather than of the whole list.
   */
  private static List<Occurrence> longestOnly(List<Occurrence> occurrences) {
    if (occurrences.size() < 2) {
      return occurrences;
    }
    int longest = 0;
    for (Occurrence o : occurrences) {
      longest = Math.max(longest, o.to - o.from);
    }
    List<Occurrence> kept = new ArrayList<>(occurrences.size());
    for (int i = 0; i < occurrences.size(); i++) {
      if (!insideLonger(occurrences, i, longest)) {
        kept.add(occurrences.get(i));
      }
    }
    return kept;
  }

  /**
   * Drops exclusion matches that are part of a longer phrase of the category itself: "union" inside "African Union",
   * "attack" inside "attack helicopters", "intercepted" (stem "intercept") inside "intercept test" are the positive
   * phrase, not a negative context around it.
   */
  private static List<Occurrence> outsidePositives(List<Occurrence> exclusions, List<Occurrence> terms,
      List<Occurrence> groups) {
    if (exclusions.isEmpty()) {
      return exclusions;
    }
    int termsLongest = longest(terms);
    int groupsLongest = longest(groups);
    List<Occurrence> kept = null;
    for (int i = 0; i < exclusions.size(); i++) {
      Occurrence e = exclusions.get(i);
      boolean inside = insideAny(terms, termsLongest, e) || insideAny(groups, groupsLongest, e);
      if (inside && kept == null) {
        kept = new ArrayList<>(exclusions.subList(0, i));
      } else if (!inside && kept != null) {
        kept.add(e);
      }
    }
    return kept == null ? exclusions : kept;
  }

  private static int longest(List<Occurrence> occurrences) {
    int longest = 0;
    for (int i = 0, n = occurrences.size(); i < n; i++) {
      Occurrence o = occurrences.get(i);
      longest = Math.max(longest, o.to - o.from);
    }
    return longest;
  }

  /**
   * Whether a longer occurrence in {@code inMatchOrder} (field, then end token) contains {@code inner}: only those
   * ending from {@code inner}'s end up to its start plus the longest length can, found by binary search.
   */
  private static boolean insideAny(List<Occurrence> inMatchOrder, int longest, Occurrence inner) {
    if (longest <= inner.to - inner.from) {
      return false;
    }
    int lo = 0;
    int hi = inMatchOrder.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Occurrence o = inMatchOrder.get(mid);
      if (o.field < inner.field || (o.field == inner.field && o.to < inner.to)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo, n = inMatchOrder.size(); i < n; i++) {
      Occurrence outer = inMatchOrder.get(i);
      if (outer.field != inner.field || outer.to > inner.from + longest) {
        return false;
      }
      if (contains(outer, inner)) {
        return true;
      }
    }
    return false;
  }

  private static boolean insideLonger(List<Occurrence> inMatchOrder, int i, int longest) {
    Occurrence o = inMatchOrder.get(i);
    for (int j = i - 1; j >= 0; j--) {
      Occurrence other = inMatchOrder.get(j);
      if (other.field != o.field || other.to != o.to) {
        break;
      }
      if (contains(other, o)) {
        return true;
      }
    }
    for (int j = i + 1; j < inMatchOrder.size(); j++) {
      Occurrence other = inMatchOrder.get(j);
      if (other.field != o.field || other.to > o.from + longest) {
        break;
      }
      if (contains(other, o)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(Occurrence outer, Occurrence inner) {
    return outer.from <= inner.from && outer.to >= inner.to && (outer.to - outer.from) > (inner.to - inner.from);
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

  /** Title spans first, then by start offset; stable (an insertion sort: a call has a handful of spans). */
  private static void sortTitleThenBody(List<Span> evidence) {
    for (int i = 1; i < evidence.size(); i++) {
      Span span = evidence.get(i);
      long key = placeKey(span);
      int k = i;
      while (k > 0 && placeKey(evidence.get(k - 1)) > key) {
        evidence.set(k, evidence.get(k - 1));
        k--;
      }
      evidence.set(k, span);
    }
  }

  private static long placeKey(Span span) {
    return (span.getField().equals(FIELD_TITLE) ? 0L : 1L << 32) | span.getStart();
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

  private record TermHit(int category, int rule) implements Hit {}

  private record GroupHit(int category, int pattern, int group) implements Hit {}

  private record ExclusionHit(int category, int exclusion) implements Hit {}

  /**
   * {@code inflected}: the alias's last word, folded but not stemmed, when stemming changed it; the text's word must
   * then be that word or its plural (or the alias's singular), not another word of the same stem.
   */
  private record AliasHit(int actor, AliasKind kind, String exactCase, boolean capitalised, String inflected)
      implements Hit {}

  private record ContextHit(int actor, int reassign) implements Hit {}

  private record Match(int from, int to, Hit hit) {}

  private record Occurrence(int field, int from, int to, int index, int group) {}

  private record Mention(int field, int from, int to, int actor, String code, String kind) {}

  private record Rule(String id, String phrase, double weight, PatternModel pattern, boolean support) {}

  private static final class CategoryModel {
    final String name;
    final double threshold;
    final double titleBoost;
    final List<Rule> rules = new ArrayList<>();
    final List<PatternModel> patterns = new ArrayList<>();
    final List<ExclusionModel> exclusions = new ArrayList<>();
    /** Per rule index: the exclusions that apply to it, one bit per exclusion index. */
    long[] exclusionsByRule = new long[0];
    final double bodyWeight;
    final double minDecisive;
    Cues negation = Cues.NONE;
    Cues background = Cues.NONE;

    CategoryModel(String name, double threshold, double titleBoost, double bodyWeight, double minDecisive) {
      this.name = name;
      this.minDecisive = minDecisive;
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
    final int minStates;
    int ruleIndex;

    PatternModel(String id, double weight, int window, int groups, boolean forward, boolean sentence, int minStates) {
      this.id = id;
      this.minStates = minStates;
      this.forward = forward;
      this.sentence = sentence;
      this.weight = weight;
      this.window = window;
      this.groups = groups;
      this.actorGroup = new int[groups];
    }
  }

  /** An exclusion's window: a token distance, 0 for the whole item, or {@link #HEADLINE_SCOPE}. */
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
