package io.storefleet.model.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerPasswordFileTest {

    @Test
    void writersKeepEachOthersLines() throws Exception {
        var dir = Files.createTempDirectory("passwd");
        var file = new BrokerPasswordFile(dir.resolve("stores.passwd"));
        file.update(m -> m.put("s1", MosquittoPasswords.hash("a")));
        new BrokerPasswordFile(dir.resolve("stores.passwd")).update(m -> m.put("s2", MosquittoPasswords.hash("b")));
        file.update(m -> m.remove("s1"));

        assertThat(file.contains("s1")).isFalse();
        assertThat(file.contains("s2")).isTrue();
        var line = Files.readAllLines(dir.resolve("stores.passwd")).get(0);
        assertThat(line).startsWith("s2:$7$101$");
        assertThat(MosquittoPasswords.matches("b", line.substring(3))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"store-0001, true", "a/b, false", "a+, false", "#, false", "a:b, false", "'a b', false", "'', false"})
    void validUsers(String id, boolean valid) {
        assertThat(BrokerPasswordFile.validUser(id)).isEqualTo(valid);
    }
}
