package io.storefleet.model.broker;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class MosquittoPasswordsTest {

    @Test
    void hashHasMosquittosSevenFormat() {
        var hash = MosquittoPasswords.hash("secret");
        assertThat(hash).matches("\\$7\\$101\\$[A-Za-z0-9+/=]{16}\\$[A-Za-z0-9+/=]{88}");
        assertThat(MosquittoPasswords.matches("secret", hash)).isTrue();
        assertThat(MosquittoPasswords.matches("Secret", hash)).isFalse();
    }

    @Test
    void verifiesALineWrittenByMosquittoPasswd() {
        // `mosquitto_passwd -b pw a secretA` (mosquitto 2.0.11)
        var line = "$7$101$wYKw1Iu2FKhav5zl$Wg+EXMDQNCz+pUBiv98b0ddJDSJCgmNYy+WN08pUZqVGwKDdQlt+FFWCrFBYEHW62X+nwv9ETD8xnPQDg9oh0A==";
        assertThat(MosquittoPasswords.matches("secretA", line)).isTrue();
        assertThat(MosquittoPasswords.matches("secretB", line)).isFalse();
        var salt = Base64.getDecoder().decode("wYKw1Iu2FKhav5zl");
        assertThat(MosquittoPasswords.hash("secretA", salt, 101)).isEqualTo(line);
    }

    @Test
    void newPasswordsAreDistinctAndConfigSafe() {
        assertThat(MosquittoPasswords.newPassword()).matches("[A-Za-z0-9_-]{32}").isNotEqualTo(MosquittoPasswords.newPassword());
    }
}
