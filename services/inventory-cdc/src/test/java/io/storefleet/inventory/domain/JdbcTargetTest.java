package io.storefleet.inventory.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcTargetTest {

    @ParameterizedTest
    @CsvSource({
            "jdbc:postgresql://127.0.0.1:5432/storefleet_demo,     127.0.0.1, 5432, storefleet_demo",
            "jdbc:postgresql://db.example:6543/inv?sslmode=disable, db.example, 6543, inv",
            "jdbc:postgresql://localhost/inv,                     localhost, 5432, inv",
            "jdbc:postgresql://[::1]:5433/inv,                    ::1,       5433, inv",
            "jdbc:postgresql://[::1]/inv,                         ::1,       5432, inv",
    })
    void readsHostPortAndDatabase(String url, String host, int port, String database) {
        assertThat(JdbcTarget.parse(url)).isEqualTo(new JdbcTarget(host, port, database));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:mysql://127.0.0.1:3306/inv",
            "postgresql://127.0.0.1:5432/inv",
            "jdbc:postgresql://127.0.0.1:5432/",
            "jdbc:postgresql:///inv",
            "jdbc:postgresql://127.0.0.1:port/inv",
            "jdbc:postgresql://127.0.0.1:70000/inv",
            "jdbc:postgresql://a:5432,b:5432/inv",
    })
    void refusesWhatDebeziumCannotConnectTo(String url) {
        assertThatThrownBy(() -> JdbcTarget.parse(url)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(url);
    }

    @ParameterizedTest
    @CsvSource({
            "jdbc:postgresql://127.0.0.1:5432/inv?x=y, jdbc:postgresql://127.0.0.1:5432/inv",
            "jdbc:postgresql://[::1]/inv,             jdbc:postgresql://[::1]:5432/inv",
    })
    void rebuildsAPlainUrl(String url, String plain) {
        assertThat(JdbcTarget.parse(url).jdbcUrl()).isEqualTo(plain);
    }
}
