package gallery.api;

import gallery.core.config.ConfigException;
import gallery.core.config.Env;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiConfigTest {
    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("PHOTO_TABLE", "photos");
        env.put("COGNITO_ISSUER", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC");
        env.put("COGNITO_JWKS_URL", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json");
        env.put("COGNITO_CLIENT_ID", "client");
        return env;
    }

    @Test
    void defaultsHideGpsAndPageBySixty() {
        ApiConfig c = ApiConfig.fromEnv(new Env(complete()));
        assertThat(c.table()).isEqualTo("photos");
        assertThat(c.adminGroup()).isEqualTo("admins");
        assertThat(c.showGps()).isFalse();
        assertThat(c.pageSize()).isEqualTo(60);
        assertThat(c.maxPageSize()).isEqualTo(200);
    }

    @Test
    void readsEverySetting() {
        Map<String, String> env = complete();
        env.put("SHOW_GPS", "true");
        env.put("ADMIN_GROUP", "parents");
        env.put("PAGE_SIZE", "20");
        env.put("MAX_PAGE_SIZE", "100");
        ApiConfig c = ApiConfig.fromEnv(new Env(env));
        assertThat(c.showGps()).isTrue();
        assertThat(c.adminGroup()).isEqualTo("parents");
        assertThat(c.pageSize()).isEqualTo(20);
        assertThat(c.maxPageSize()).isEqualTo(100);
    }

    @Test
    void namesEveryProblemAtOnce() {
        Map<String, String> env = new HashMap<>();
        env.put("SHOW_GPS", "sometimes");
        env.put("PAGE_SIZE", "300");
        env.put("MAX_PAGE_SIZE", "100");
        assertThatThrownBy(() -> ApiConfig.fromEnv(new Env(env)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PHOTO_TABLE is not set")
                .hasMessageContaining("COGNITO_ISSUER is not set")
                .hasMessageContaining("SHOW_GPS=sometimes is not a boolean")
                .hasMessageContaining("PAGE_SIZE=300 is larger than MAX_PAGE_SIZE=100");
    }
}
