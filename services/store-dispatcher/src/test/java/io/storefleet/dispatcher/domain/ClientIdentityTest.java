package io.storefleet.dispatcher.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ClientIdentityTest {

    @ParameterizedTest(name = "instance={0} hostname={1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "2, pod-a, sd-2",
            "-, store-dispatcher-7f9c-x2, sd-store-dispatcher-7f9c-x2",
            "'', pod-a, sd-pod-a",
            "' ', -, sd-random",
            "a/b, pod-a, sd-pod-a",
            "-, '#', sd-random",
            "-, -, sd-random",
    })
    void everyInstanceGetsItsOwnId(String instance, String hostname, String expected) {
        assertThat(ClientIdentity.of("sd", Optional.ofNullable(instance), Optional.ofNullable(hostname), () -> "random"))
                .isEqualTo(expected);
    }
}
