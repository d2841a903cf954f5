package io.dipwatch.ingest.parse;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Stable item ids, so that the same article yields the same key however often and from wherever it arrives
 * (DESIGN.md: "stable hash of the canonical URL, else source + guid, else content"):
 * <ol>
 *   <li>{@code u-<hash>} of the canonical URL when the item has an http(s) URL;</li>
 *   <li>else {@code g-<hash>} of source and guid;</li>
 *   <li>else {@code c-<hash>} of source, title and body.</li>
 * </ol>
 * Canonical URL: scheme and host lower-cased, user info, default port and fragment dropped, an empty path
 * becomes {@code /}, tracking parameters ({@code utm_*}, {@code fbclid}, {@code gclid}, {@code mc_cid}, ...)
 * removed and the remaining query parameters sorted. Path and parameter values keep their case. Hash: SHA-256,
 * first 128 bits, hex.
 */
public final class ItemIds {
  private static final Set<String> TRACKING = Set.of("fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid",
      "mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "igshid", "_ga", "_gl", "cmpid", "ncid", "ocid", "sr_share",
      "at_medium", "at_campaign", "wt.mc_id", "__twitter_impression", "soc_src", "soc_trk");

  private ItemIds() {}

  /** The id of an item: URL first, then source + guid, then content. */
  public static String of(String url, String source, String guid, String title, String body) {
    Optional<String> canonical = canonicalUrl(url);
    if (canonical.isPresent()) {
      return "u-" + hash(canonical.get());
    }
    if (guid != null && !guid.isBlank()) {
      return "g-" + hash(nullToEmpty(source) + "\n" + guid.strip());
    }
    return "c-" + hash(nullToEmpty(source) + "\n" + nullToEmpty(title).strip() + "\n" + nullToEmpty(body).strip());
  }

  /** {@code u-<hash>} of the canonical URL, if the URL is an http(s) URL. */
  public static Optional<String> forUrl(String url) {
    return canonicalUrl(url).map(c -> "u-" + hash(c));
  }

  /** Hash of the canonical URL, without prefix: the story key GDELT rows sharing a SOURCEURL have in common. */
  public static Optional<String> urlKey(String url) {
    return canonicalUrl(url).map(ItemIds::hash);
  }

  /** The canonical form of an http(s) URL, or empty when it is missing, not http(s) or unparseable. */
  public static Optional<String> canonicalUrl(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null) {
      return Optional.empty();
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    StringBuilder out = new StringBuilder(scheme).append("://").append(host);
    if (!defaultPort) {
      out.append(':').append(port);
    }
    out.append(path);
    String query = canonicalQuery(uri.getRawQuery());
    if (!query.isEmpty()) {
      out.append('?').append(query);
    }
    return Optional.of(out.toString());
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String> kept = new ArrayList<>();
    for (String param : rawQuery.split("&")) {
      if (param.isEmpty()) {
        continue;
      }
      String name = param.split("=", 2)[0].toLowerCase(Locale.ROOT);
      if (name.startsWith("utm_") || TRACKING.contains(name)) {
        continue;
      }
      kept.add(param);
    }
    kept.sort(null);
    return String.join("&", kept);
  }

  /** SHA-256 of the text, first 16 bytes as hex. */
  public static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
