package io.dipwatch.classify.text;

/**
 * Maps a stemmed token to a small integer code (for the matcher: the token's symbol in the automaton, 0 for a token
 * that occurs in no keyword). Handing it to {@link TextNormalizer#normalize(String, TokenCoder)} lets the code be
 * memoised with the stem, so the per-token dictionary lookup runs once per distinct word rather than per
 * occurrence. Must be a pure function of the token.
 */
@FunctionalInterface
public interface TokenCoder {
  int code(String stem);
}
