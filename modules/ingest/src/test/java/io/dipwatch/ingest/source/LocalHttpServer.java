package io.dipwatch.ingest.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real JDK HTTP server on 127.0.0.1 and a free port, recording the requests it gets. */
final class LocalHttpServer implements AutoCloseable {
  /** One request as received. */
  record Request(String method, String path, com.sun.net.httpserver.Headers headers) {}

  final HttpServer server;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
  }

  LocalHttpServer route(String path, HttpHandler handler) {
    server.createContext(path, exchange -> {
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders()));
      handler.handle(exchange);
    });
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  static void send(HttpExchange exchange, int status, byte[] body, String... headers) throws IOException {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
