package gallery.api;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CognitoProfilesTest {
    private static AttributeType a(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    @Test
    void takesNameAndEmail() {
        assertThat(CognitoProfiles.profile(List.of(a("sub", "x"), a("name", "Ann Smith"), a("email", "ann@example.org"))))
                .isEqualTo(new UserProfiles.Profile("Ann Smith", "ann@example.org"));
    }

    @Test
    void buildsTheNameFromGivenAndFamilyNamesWhenThereIsNoName() {
        assertThat(CognitoProfiles.profile(List.of(a("given_name", "Ann"), a("family_name", "Smith"))).name()).isEqualTo("Ann Smith");
        assertThat(CognitoProfiles.profile(List.of(a("given_name", "Ann"))).name()).isEqualTo("Ann");
    }

    @Test
    void leavesOutWhatTheUserDoesNotHave() {
        assertThat(CognitoProfiles.profile(List.of(a("sub", "x")))).isEqualTo(new UserProfiles.Profile(null, null));
    }
}
