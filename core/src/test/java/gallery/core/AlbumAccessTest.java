package gallery.core;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlbumAccessTest {
    private final AlbumAccess access = new AlbumAccess(Map.of(
            "Parents", Set.of("parents"),
            "Family/Grandma", Set.of("grandparents", "parents"),
            "Parents/Shared", Set.of("kids", "parents")));

    @Test
    void anAlbumWithoutARuleIsForEveryone() {
        assertThat(access.groupsOf("Holiday 2024")).isEmpty();
        assertThat(access.groupsOf("")).isEmpty();
        assertThat(access.visible("Holiday 2024", Set.of(), false)).isTrue();
        assertThat(access.visible("Family", Set.of(), false)).isTrue();
    }

    @Test
    void aRuleCoversItsSubfoldersUnlessTheyHaveTheirOwn() {
        assertThat(access.groupsOf("Parents/2024/June")).containsExactly("parents");
        assertThat(access.groupsOf("Parents/Shared/x")).containsExactlyInAnyOrder("kids", "parents");
        assertThat(access.groupsOf("Parents 2")).as("a sibling whose name starts the same").isEmpty();
        assertThat(access.groupsOf("Family/Grandmother")).isEmpty();
    }

    @Test
    void membersOfANamedGroupAndAdminsSeeIt() {
        assertThat(access.visible("Parents", Set.of("parents"), false)).isTrue();
        assertThat(access.visible("Parents", Set.of("kids"), false)).isFalse();
        assertThat(access.visible("Parents/Shared", Set.of("kids"), false)).isTrue();
        assertThat(access.visible("Family/Grandma/1980", Set.of("grandparents"), false)).isTrue();
        assertThat(access.visible("Parents", Set.of(), true)).isTrue();
    }

    @Test
    void aRuleNamesAtLeastOneGroup() {
        assertThatThrownBy(() -> new AlbumAccess(Map.of("A", Set.of()))).isInstanceOf(IllegalArgumentException.class);
        assertThat(AlbumAccess.describe(Set.of("b", "a"))).isEqualTo("groups a, b");
        assertThat(AlbumAccess.describe(Set.of())).isEqualTo("everyone");
    }
}
