package org.yibao.terminal.api.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.OperatorFixtures;
import org.yibao.terminal.operator.Operators;

/**
 * The whole local API as the terminal wires it - real SQLite file, real HTTP server on a free
 * loopback port - and a java.net.http client to talk to it.
 */
final class ApiFixture implements AutoCloseable {
    static final Duration SESSION_TTL = Duration.ofHours(8);

    final SqliteDatabase database;
    final Operators operators;
    final TerminalHttpServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiFixture(SqliteDatabase database, Operators operators, TerminalHttpServer server) {
        this.database = database;
        this.operators = operators;
        this.server = server;
    }

    /** Opens (or reopens) the database in {@code dir} and starts the server with {@code config}. */
    static ApiFixture start(Path dir, HandClock clock, HttpServerConfig config) throws SQLException, IOException {
        return start(dir, clock, config, () -> "");
    }

    /** As above, with 9001's {@code signInNotice} (as the terminal gives its storage watch's). */
    static ApiFixture start(Path dir, HandClock clock, HttpServerConfig config, Supplier<String> signInNotice)
            throws SQLException, IOException {
        SqliteDatabase database = OperatorFixtures.database(dir);
        LocalApi local = LocalApi.assemble(Envelopes.FIXMEDINS, database, OperatorFixtures.HASHER, LockoutPolicy.DEFAULT, SESSION_TTL,
                clock, signInNotice);
        if (local.operators().isEmpty()) OperatorFixtures.seed(local.operators());
        return new ApiFixture(database, local.operators(), local.start(config));
    }

    HttpResponse<String> post(byte[] body, String... headers) throws IOException, InterruptedException {
        return send(server.callServiceUri(), "POST", body, headers);
    }

    HttpResponse<String> send(URI uri, String method, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) request.headers(headers);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    long count(String table) throws SQLException {
        return database.read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        server.close();
        client.close();
        database.close();
    }
}
