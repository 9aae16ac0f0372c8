package gallery.admin;

import gallery.emulators.Ports;
import gallery.testing.RepoFiles;

import gallery.core.deploy.Deployment;
import gallery.local.LocalStack;
import gallery.local.cognito.LocalCognito;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against real cognito-local (from tools/node_modules), wired into the local stack's endpoints.json. */
class UsersIT {
    @TempDir
    Path data;

    @Test
    void anInvitedUserCompletesAFirstLoginAndCanBeDisabledAndEnabled() throws Exception {
        try (LocalStack stack = LocalStack.startForTest(data);
             LocalCognito cognito = LocalCognito.start(RepoFiles.toolsDir(), data.resolve("cognito"), Ports.free(), Region.US_EAST_1)) {
            Deployment d = endpoints(stack, cognito);
            CognitoIdentityProviderClient client = cognito.client();

            LocalGallery.Run invite = LocalGallery.Main0.run("users", "invite", "Grandma@Example.org", "--name", "Grandma", "--admin",
                    "--local", data.toString());
            System.out.println(invite);
            assertThat(invite.exit()).as(invite.toString()).isZero();
            assertThat(invite.out()).contains("invited grandma@example.org (Grandma) as an admin");
            Matcher m = Pattern.compile("temporary password: (\\S+)").matcher(invite.out());
            assertThat(m.find()).isTrue();
            String temporary = m.group(1);

            var first = client.initiateAuth(r -> r.clientId(d.userPoolClientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", "grandma@example.org", "PASSWORD", temporary)));
            assertThat(first.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
            var done = client.respondToAuthChallenge(r -> r.clientId(d.userPoolClientId())
                    .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(first.session())
                    .challengeResponses(Map.of("USERNAME", "grandma@example.org", "NEW_PASSWORD", "Her-Own-Passw0rd!")));
            assertThat(done.authenticationResult().accessToken()).isNotBlank();
            // Sign-in names match whatever their case, as in the AWS pool (caseSensitive: false).
            var again = client.initiateAuth(r -> r.clientId(d.userPoolClientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", "Grandma@EXAMPLE.org", "PASSWORD", "Her-Own-Passw0rd!")));
            assertThat(again.authenticationResult().accessToken()).isNotBlank();
            String accessToken = again.authenticationResult().accessToken();
            String refreshToken = again.authenticationResult().refreshToken();
            assertThat(client.getUser(r -> r.accessToken(accessToken)).username()).isNotBlank();

            LocalGallery.Run twice = LocalGallery.Main0.run("users", "invite", "grandma@example.org", "--local", data.toString());
            assertThat(twice.exit()).isEqualTo(1);
            assertThat(twice.err()).contains("already a user");

            LocalGallery.Run list = LocalGallery.Main0.run("users", "list", "--local", data.toString());
            System.out.println(list);
            assertThat(list.out()).containsPattern("grandma@example.org\\s+Grandma\\s+CONFIRMED\\s+yes\\s+yes")
                    .containsPattern("admin@gallery.local\\s+Gallery admin\\s+FORCE_CHANGE_PASSWORD\\s+yes\\s+yes")
                    .contains("2 users");

            LocalGallery.Run disable = LocalGallery.Main0.run("users", "disable", "grandma@example.org", "--local", data.toString());
            System.out.println(disable);
            assertThat(disable.exit()).isZero();
            assertThat(client.adminGetUser(r -> r.userPoolId(d.userPoolId()).username("grandma@example.org")).enabled()).isFalse();
            assertThat(disable.out()).contains("disabled grandma@example.org and signed them out everywhere");
            assertThat(LocalGallery.Main0.run("users", "list", "--local", data.toString()).out())
                    .containsPattern("grandma@example.org\\s+Grandma\\s+CONFIRMED\\s+no\\s+yes");
            // Disabled: no sign-in, no refresh, and the access token she holds is refused by the pool.
            assertThatThrownBy(() -> client.initiateAuth(r -> r.clientId(d.userPoolClientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", "grandma@example.org", "PASSWORD", "Her-Own-Passw0rd!"))))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("User is disabled");
            assertThatThrownBy(() -> client.initiateAuth(r -> r.clientId(d.userPoolClientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                    .authParameters(Map.of("REFRESH_TOKEN", refreshToken)))).isInstanceOf(NotAuthorizedException.class);
            assertThatThrownBy(() -> client.getUser(r -> r.accessToken(accessToken))).isInstanceOf(NotAuthorizedException.class);

            LocalGallery.Run enable = LocalGallery.Main0.run("users", "enable", "grandma@example.org", "--local", data.toString());
            assertThat(enable.exit()).isZero();
            assertThat(client.adminGetUser(r -> r.userPoolId(d.userPoolId()).username("grandma@example.org")).enabled()).isTrue();
            // Enabled again she signs in anew; what she held before stays revoked, as in Cognito.
            Thread.sleep(1100); // revocation has whole-second precision (a token's iat)
            var back = client.initiateAuth(r -> r.clientId(d.userPoolClientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", "grandma@example.org", "PASSWORD", "Her-Own-Passw0rd!")));
            assertThat(client.getUser(r -> r.accessToken(back.authenticationResult().accessToken())).username()).isNotBlank();
            assertThatThrownBy(() -> client.getUser(r -> r.accessToken(accessToken))).isInstanceOf(NotAuthorizedException.class);
            assertThatThrownBy(() -> client.initiateAuth(r -> r.clientId(d.userPoolClientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                    .authParameters(Map.of("REFRESH_TOKEN", refreshToken)))).isInstanceOf(NotAuthorizedException.class);

            LocalGallery.Run remove = LocalGallery.Main0.run("users", "remove", "grandma@example.org", "--local", data.toString());
            assertThat(remove.exit()).as(remove.toString()).isZero();
            assertThat(remove.out()).contains("removed grandma@example.org and signed them out everywhere");
            assertThatThrownBy(() -> client.getUser(r -> r.accessToken(back.authenticationResult().accessToken())))
                    .isInstanceOf(CognitoIdentityProviderException.class);
            assertThat(LocalGallery.Main0.run("users", "remove", "grandma@example.org", "--local", data.toString()).exit()).isEqualTo(1);

            assertThat(LocalGallery.Main0.run("users", "disable", "nobody@example.org", "--local", data.toString()).exit()).isEqualTo(1);
            LocalGallery.Run bad = LocalGallery.Main0.run("users", "invite", "not-an-email", "--local", data.toString());
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("'not-an-email' is not an email address");
        }
    }

    @Test
    void anAlbumIsMadeForAGroupAndForEveryoneAgain() throws Exception {
        try (LocalStack stack = LocalStack.startForTest(data);
             LocalCognito cognito = LocalCognito.start(RepoFiles.toolsDir(), data.resolve("cognito"), Ports.free(), Region.US_EAST_1)) {
            Deployment d = endpoints(stack, cognito);
            try (var dynamo = gallery.aws.DeploymentClients.dynamoDb(d)) {
                gallery.index.PhotoTable.create(dynamo, d.photoTable());
            }
            String local = data.toString();
            LocalGallery.Run unknown = LocalGallery.Main0.run("albums", "access", "Parents", "--groups", "parents", "--local", local);
            assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(2);
            assertThat(unknown.err()).contains("no group parents in the user pool");

            assertThat(LocalGallery.Main0.run("users", "invite", "mum@example.org", "--local", local).exit()).isZero();
            LocalGallery.Run put = LocalGallery.Main0.run("users", "group", "mum@example.org", "parents", "--local", local);
            assertThat(put.exit()).as(put.toString()).isZero();
            assertThat(cognito.client().adminListGroupsForUser(r -> r.userPoolId(d.userPoolId()).username("mum@example.org")).groups())
                    .extracting(g -> g.groupName()).containsExactly("parents");

            LocalGallery.Run set = LocalGallery.Main0.run("albums", "access", "Parents", "--groups", "parents,admins", "--local", local);
            assertThat(set.exit()).as(set.toString()).isZero();
            assertThat(set.out()).contains("Parents is for groups admins, parents");
            LocalGallery.Run list = LocalGallery.Main0.run("albums", "list", "--local", local);
            System.out.println(list);
            assertThat(list.out()).containsPattern("Parents\\s+0\\s+groups admins, parents").contains("1 album, 1 rule");

            assertThat(LocalGallery.Main0.run("albums", "access", "Parents", "--everyone", "--local", local).exit()).isZero();
            assertThat(LocalGallery.Main0.run("albums", "list", "--local", local).out()).contains("0 albums, 0 rules");
            assertThat(LocalGallery.Main0.run("albums", "access", "Parents", "--everyone", "--groups", "x", "--local", local).exit()).isEqualTo(2);

            LocalGallery.Run out = LocalGallery.Main0.run("users", "group", "mum@example.org", "parents", "--remove", "--local", local);
            assertThat(out.exit()).as(out.toString()).isZero();
            assertThat(out.out()).contains("took mum@example.org out of parents and signed them out everywhere");
        }
    }

    @Test
    void aStackWithoutCognitoIsAConfigurationError() {
        try (LocalStack stack = LocalStack.startForTest(data)) {
            LocalGallery.Run r = LocalGallery.Main0.run("users", "list", "--local", data.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("no user pool");
        }
    }

    /** The stack and the pool in {@code endpoints.json}, where {@code --local} finds them. */
    private Deployment endpoints(LocalStack stack, LocalCognito cognito) {
        Deployment d = stack.deployment().withEndpoints(stack.deployment().endpoints().withCognito(cognito.endpoint()))
                .withUserPool(cognito.pool().userPoolId(), cognito.pool().clientId());
        d.write(data.resolve("endpoints.json"));
        return d;
    }
}
