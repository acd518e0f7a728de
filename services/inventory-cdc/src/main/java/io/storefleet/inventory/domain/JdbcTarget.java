package io.storefleet.inventory.domain;

/**
 * Where the inventory lives, read from the {@code quarkus.datasource.jdbc.url} every service gets from the launcher:
 * Debezium wants host, port and database name as separate settings.
 */
public record JdbcTarget(String host, int port, String database) {
    private static final String PREFIX = "jdbc:postgresql://";
    private static final int DEFAULT_PORT = 5432;

    /** Parses {@code jdbc:postgresql://host[:port]/database[?params]}; anything else is an {@link IllegalArgumentException}. */
    public static JdbcTarget parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host[:port]/db): " + url);
        }
        var rest = url.substring(PREFIX.length());
        var query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        var slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("JDBC URL names no host or no database: " + url);
        }
        var hostPort = rest.substring(0, slash);
        var database = rest.substring(slash + 1);
        if (hostPort.contains(",")) {
            throw new IllegalArgumentException("logical replication needs one server, the URL names several: " + url);
        }
        // [::1]:5432 — an IPv6 literal keeps its colons inside brackets
        var portColon = hostPort.lastIndexOf(':');
        if (portColon < 0 || hostPort.endsWith("]")) {
            return new JdbcTarget(stripBrackets(hostPort), DEFAULT_PORT, database);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(portColon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("JDBC URL has a bad port: " + url);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("JDBC URL has a bad port: " + url);
        }
        return new JdbcTarget(stripBrackets(hostPort.substring(0, portColon)), port, database);
    }

    public String jdbcUrl() {
        var h = host.contains(":") ? "[" + host + "]" : host;
        return PREFIX + h + ":" + port + "/" + database;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
