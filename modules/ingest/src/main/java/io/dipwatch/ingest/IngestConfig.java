package io.dipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dipwatch.ingest.parse.ParseOptions;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of the ingest stage, bound by Jackson from the {@code ingest:} section of the app's YAML.
 * Every field may be left out: {@link #defaults()} fills the gaps (the compact constructor does the same for
 * nested records), so a config file only names what it changes.
 *
 * @param feeds RSS/Atom feeds to poll
 * @param jsonlPaths JSON-lines files to read once and folders to watch for new files
 * @param folderScanInterval how often watched folders are scanned for new or grown files
 * @param gdelt GDELT 2.0 polling (off by default: it needs internet access)
 * @param fetch HTTP client behaviour shared by the feed and GDELT pollers
 * @param http the {@code POST /api/items} endpoint
 * @param maxItemBytes largest accepted item or line
 * @param dedup memory of seen item ids
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestConfig(
    List<Feed> feeds,
    List<String> jsonlPaths,
    Duration folderScanInterval,
    Gdelt gdelt,
    Fetch fetch,
    Http http,
    Integer maxItemBytes,
    Dedup dedup) {

  public static final String DEFAULT_USER_AGENT = "dipwatch/0.1 (+https://github.com/dipwatch)";

  public IngestConfig {
    feeds = feeds == null ? List.of() : List.copyOf(feeds);
    jsonlPaths = jsonlPaths == null ? List.of() : List.copyOf(jsonlPaths);
    folderScanInterval = folderScanInterval == null ? Duration.ofSeconds(5) : folderScanInterval;
    gdelt = gdelt == null ? Gdelt.defaults() : gdelt;
    fetch = fetch == null ? Fetch.defaults() : fetch;
    http = http == null ? Http.defaults() : http;
    maxItemBytes = maxItemBytes == null ? ParseOptions.DEFAULT_MAX_ITEM_BYTES : maxItemBytes;
    dedup = dedup == null ? Dedup.defaults() : dedup;
  }

  public static IngestConfig defaults() {
    return new IngestConfig(null, null, null, null, null, null, null, null);
  }

  public IngestConfig withFeeds(List<Feed> newFeeds) {
    return new IngestConfig(newFeeds, jsonlPaths, folderScanInterval, gdelt, fetch, http, maxItemBytes, dedup);
  }

  public IngestConfig withGdelt(Gdelt newGdelt) {
    return new IngestConfig(feeds, jsonlPaths, folderScanInterval, newGdelt, fetch, http, maxItemBytes, dedup);
  }

  public IngestConfig withFetch(Fetch newFetch) {
    return new IngestConfig(feeds, jsonlPaths, folderScanInterval, gdelt, newFetch, http, maxItemBytes, dedup);
  }

  public IngestConfig withJsonlPaths(List<String> paths) {
    return new IngestConfig(feeds, paths, folderScanInterval, gdelt, fetch, http, maxItemBytes, dedup);
  }

  /** Parser options matching this config. */
  public ParseOptions parseOptions() {
    return ParseOptions.defaults().withMaxItemBytes(maxItemBytes).withMaxDocumentBytes(fetch.maxBodyBytes());
  }

  /**
   * One feed.
   *
   * @param url feed URL (http or https)
   * @param name outlet name for its items; null takes the feed's own title
   * @param interval polling interval; null takes {@link Fetch#defaultInterval()}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Feed(String url, String name, Duration interval) {
    public Feed {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("a feed needs a url");
      }
    }
  }

  /**
   * GDELT 2.0 polling.
   *
   * @param enabled off by default (no internet on the default machine)
   * @param lastUpdateUrl the 15-minute pointer file
   * @param interval how often the pointer is checked
   * @param events read the events export
   * @param gkg read the GKG 2.1 file
   * @param maxFileBytes largest accepted download (zipped)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Gdelt(Boolean enabled, String lastUpdateUrl, Duration interval, Boolean events, Boolean gkg,
      Long maxFileBytes) {
    public static final String DEFAULT_LAST_UPDATE_URL = "http://data.gdeltproject.org/gdeltv2/lastupdate.txt";

    public Gdelt {
      enabled = enabled != null && enabled;
      lastUpdateUrl = lastUpdateUrl == null || lastUpdateUrl.isBlank() ? DEFAULT_LAST_UPDATE_URL : lastUpdateUrl;
      interval = interval == null ? Duration.ofMinutes(15) : interval;
      events = events == null || events;
      gkg = gkg != null && gkg;
      maxFileBytes = maxFileBytes == null ? 100L * 1024 * 1024 : maxFileBytes;
    }

    public static Gdelt defaults() {
      return new Gdelt(null, null, null, null, null, null);
    }
  }

  /**
   * HTTP fetching shared by the pollers.
   *
   * @param userAgent honest User-Agent sent with every request
   * @param timeout per-request timeout (connect and response)
   * @param defaultInterval feed polling interval when a feed names none
   * @param backoffInitial first delay after a failed poll
   * @param backoffMax longest delay between retries of a failing feed
   * @param maxBodyBytes largest accepted feed document
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Fetch(String userAgent, Duration timeout, Duration defaultInterval, Duration backoffInitial,
      Duration backoffMax, Integer maxBodyBytes) {
    public Fetch {
      userAgent = userAgent == null || userAgent.isBlank() ? DEFAULT_USER_AGENT : userAgent;
      timeout = timeout == null ? Duration.ofSeconds(20) : timeout;
      defaultInterval = defaultInterval == null ? Duration.ofMinutes(10) : defaultInterval;
      backoffInitial = backoffInitial == null ? Duration.ofSeconds(30) : backoffInitial;
      backoffMax = backoffMax == null ? Duration.ofHours(1) : backoffMax;
      maxBodyBytes = maxBodyBytes == null ? ParseOptions.DEFAULT_MAX_DOCUMENT_BYTES : maxBodyBytes;
    }

    public static Fetch defaults() {
      return new Fetch(null, null, null, null, null, null);
    }
  }

  /**
   * The {@code POST /api/items} endpoint.
   *
   * @param maxBodyBytes largest accepted request body; larger ones get 413 without being read
   * @param tokenEnv environment variable holding the bearer token (the token itself never sits in the config)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Http(Long maxBodyBytes, String tokenEnv) {
    public Http {
      maxBodyBytes = maxBodyBytes == null ? 10L * 1024 * 1024 : maxBodyBytes;
      tokenEnv = tokenEnv == null || tokenEnv.isBlank() ? "DIPWATCH_API_TOKEN" : tokenEnv;
    }

    public static Http defaults() {
      return new Http(null, null);
    }
  }

  /**
   * Memory of item ids already published, kept in the compacted topic {@code dipwatch.ingest.seen}.
   *
   * @param ttl how long an id is remembered after it was first seen
   * @param maxEntries cap on ids held in memory (least recently seen go first)
   * @param loadTimeout how long start-up may wait to load the seen ids
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Dedup(Duration ttl, Integer maxEntries, Duration loadTimeout) {
    public Dedup {
      ttl = ttl == null ? Duration.ofDays(30) : ttl;
      maxEntries = maxEntries == null ? 2_000_000 : maxEntries;
      loadTimeout = loadTimeout == null ? Duration.ofSeconds(60) : loadTimeout;
    }

    public static Dedup defaults() {
      return new Dedup(null, null, null);
    }
  }
}
