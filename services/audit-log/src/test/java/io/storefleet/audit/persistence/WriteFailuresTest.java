package io.storefleet.audit.persistence;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class WriteFailuresTest {

    @ParameterizedTest(name = "SQLSTATE {0} → bad data: {1}")
    @CsvSource({
            "22P05, true",   // unsupported Unicode escape (NUL in jsonb)
            "22021, true",   // invalid byte sequence
            "23505, true",   // unique violation
            "23514, true",   // check violation
            "54000, true",   // program limit exceeded (row too big)
            "57P01, false",  // admin shutdown (server restarting)
            "57P03, false",  // cannot connect now
            "53300, false",  // too many connections
            "40001, false",  // serialization failure
            "40P01, false",  // deadlock
            "08006, false",  // connection failure
            "42P01, false",  // undefined table (a migration not yet run): wait, do not dead-letter
            "25P02, false",  // transaction aborted
    })
    void postgresRefusalsByState(String state, boolean badData) {
        var failure = new PgException("refused", "ERROR", state, "detail");
        assertThat(WriteFailures.isBadData(failure)).isEqualTo(badData);
        assertThat(WriteFailures.isBadData(new RuntimeException("wrapped", failure))).isEqualTo(badData);
        assertThat(WriteFailures.isTransient(failure)).isEqualTo(!badData);
    }

    @ParameterizedTest
    @CsvSource({"closed", "timeout"})
    void failuresWithoutAStateAreTransient(String kind) {
        Throwable failure = kind.equals("closed") ? new io.vertx.core.VertxException("Connection is closed")
                : new IOException("timeout");
        assertThat(WriteFailures.isTransient(failure)).isTrue();
        assertThat(WriteFailures.badDataState(failure)).isNull();
    }
}
