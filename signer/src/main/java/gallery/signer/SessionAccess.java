package gallery.signer;

import gallery.auth.Caller;
import gallery.core.AlbumAccess;
import gallery.core.edge.AccessLabels;
import gallery.index.PhotoIndex;
import gallery.index.ShareLink;
import gallery.index.ShareLinks;

import java.util.Optional;
import java.util.Set;

/** What a session's cookies open: the access labels of a member's albums, or one share link's album. */
public interface SessionAccess {
    /** Without the index (tests, benches): albums for everyone only, and no share link opens. */
    SessionAccess EVERYONE_ONLY = new SessionAccess() {
        @Override
        public Set<String> labelsFor(Caller caller) {
            return Set.of(AccessLabels.EVERYONE);
        }

        @Override
        public Set<String> allLabels() {
            return Set.of(AccessLabels.EVERYONE);
        }

        @Override
        public Optional<ShareLink> link(String id) {
            return Optional.empty();
        }
    };

    /** {@code all} and the label of every rule naming one of the caller's groups (every rule's, for an admin). */
    Set<String> labelsFor(Caller caller);

    /** Every member label in use: what a sign-out clears. */
    Set<String> allLabels();

    Optional<ShareLink> link(String id);

    /** The rules and links of the photo index (one Query for the rules, one GetItem for a link). */
    static SessionAccess of(PhotoIndex index, ShareLinks links, String adminGroup) {
        return new SessionAccess() {
            @Override
            public Set<String> labelsFor(Caller caller) {
                return AccessLabels.visibleTo(index.queries().albumAccess(), caller.groups(), caller.inGroup(adminGroup));
            }

            @Override
            public Set<String> allLabels() {
                AlbumAccess access = index.queries().albumAccess();
                return AccessLabels.visibleTo(access, Set.of(), true);
            }

            @Override
            public Optional<ShareLink> link(String id) {
                return links.get(id);
            }
        };
    }
}
