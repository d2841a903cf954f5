package io.dipwatch.ingest.source;

import io.dipwatch.ingest.IngestConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Polite HTTP GETs for the pollers: an honest User-Agent, a timeout, conditional requests (If-None-Match /
 * If-Modified-Since) and a hard cap on the body, read as a stream so an endless or huge response costs at most
 * the cap.
 */
public final class HttpFetcher {
  /** The answer to a GET; {@code body} is empty for 304 and for errors, {@code tooLarge} if the cap was hit. */
  public record Response(int status, byte[] body, boolean tooLarge, Optional<String> etag,
      Optional<String> lastModified, Optional<Duration> retryAfter) {
    public boolean notModified() {
      return status == 304;
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient client;
  private final IngestConfig.Fetch fetch;

  public HttpFetcher(HttpClient client, IngestConfig.Fetch fetch) {
    this.client = client;
    this.fetch = fetch;
  }

  /** A client with the configured connect timeout that follows redirects (but never from https to http). */
  public static HttpClient client(IngestConfig.Fetch fetch) {
    return HttpClient.newBuilder()
        .connectTimeout(fetch.timeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  public Response get(String url, String etag, String lastModified, long maxBytes) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(fetch.timeout())
        .header("User-Agent", fetch.userAgent())
        .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
        .GET();
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    if (lastModified != null) {
      request.header("If-Modified-Since", lastModified);
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + url, e);
    }
    var headers = response.headers();
    Optional<Duration> retryAfter = headers.firstValue("Retry-After").flatMap(HttpFetcher::seconds);
    byte[] body = new byte[0];
    boolean tooLarge = false;
    try (InputStream in = response.body()) {
      if (response.statusCode() >= 200 && response.statusCode() < 300) {
        long declared = headers.firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
          tooLarge = true;
        } else {
          body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
          tooLarge = body.length > maxBytes;
        }
      }
    }
    return new Response(response.statusCode(), body, tooLarge, headers.firstValue("ETag"),
        headers.firstValue("Last-Modified"), retryAfter);
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
