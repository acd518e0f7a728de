package io.storefleet.gitwatcher.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RepoStatusTest {
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-01T00:00:05Z");
    private final RepoStatus pending = RepoStatus.pending(new RepoRef("r", "/x", "main"));

    @Test
    void repeatedSameFailureIsNotNewsButKeepsFailingSince() {
        var failed = pending.failed("unreachable", T1);

        assertThat(pending.isNewFailure("unreachable")).isTrue();
        assertThat(failed.isNewFailure("unreachable")).isFalse();
        assertThat(failed.isNewFailure("auth failed")).isTrue();
        assertThat(failed.failed("unreachable", T2).failingSince()).isEqualTo(T1);
        assertThat(failed.failed("unreachable", T2).lastCheckedAt()).isEqualTo(T2);
    }

    @Test
    void successClearsTheError() {
        var recovered = pending.failed("unreachable", T1).succeeded("abc", T2);

        assertThat(recovered.healthy()).isTrue();
        assertThat(recovered.lastError()).isNull();
        assertThat(recovered.failingSince()).isNull();
        assertThat(recovered.head()).isEqualTo("abc");
    }
}
