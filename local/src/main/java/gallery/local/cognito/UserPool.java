package gallery.local.cognito;

import gallery.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The local stack's user pool: created on first start (pool, an app client for
 * {@code USER_PASSWORD_AUTH} since cognito-local has no SRP, the {@code admins} group, and a demo
 * admin with a temporary password), then remembered in a JSON file beside cognito-local's state.
 *
 * @param demoUsername      the demo admin's sign-in name
 * @param temporaryPassword the password for the first login, which answers NEW_PASSWORD_REQUIRED
 */
public record UserPool(String userPoolId, String clientId, String adminGroup, String demoUsername, String temporaryPassword) {
    private static final Logger LOG = LoggerFactory.getLogger(UserPool.class);
    public static final String ADMIN_GROUP = "admins";
    public static final String DEMO_USER = "admin@gallery.local";

    /** The pool recorded in {@code stateFile} if cognito-local still has it, else a new one. */
    public static UserPool ensure(CognitoIdentityProviderClient cognito, Path stateFile) {
        if (Files.isRegularFile(stateFile)) {
            UserPool known = Json.read(read(stateFile), UserPool.class);
            try {
                cognito.describeUserPool(r -> r.userPoolId(known.userPoolId()));
                return known;
            } catch (ResourceNotFoundException e) {
                LOG.warn("user pool {} in {} is gone from cognito-local; creating a new one", known.userPoolId(), stateFile);
            }
        }
        UserPool pool = create(cognito);
        try {
            Files.createDirectories(stateFile.getParent());
            Files.writeString(stateFile, Json.write(pool));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateFile, e);
        }
        LOG.info("created user pool {} with client {}; sign in as {} with temporary password {}",
                pool.userPoolId(), pool.clientId(), pool.demoUsername(), pool.temporaryPassword());
        return pool;
    }

    private static UserPool create(CognitoIdentityProviderClient cognito) {
        String poolId = cognito.createUserPool(r -> r.poolName("gallery")).userPool().id();
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("gallery-web")
                .generateSecret(false)
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
        cognito.createGroup(r -> r.userPoolId(poolId).groupName(ADMIN_GROUP).description("may see failed photos and run admin tasks"));
        String temporary = randomPassword("Tmp-");
        try {
            cognito.adminCreateUser(r -> r.userPoolId(poolId).username(DEMO_USER).temporaryPassword(temporary)
                    .messageAction(MessageActionType.SUPPRESS)
                    .userAttributes(a -> a.name("email").value(DEMO_USER), a -> a.name("email_verified").value("true"),
                            a -> a.name("name").value("Gallery admin")));
        } catch (UsernameExistsException e) {
            throw new IllegalStateException("a new pool " + poolId + " already has " + DEMO_USER, e);
        }
        cognito.adminAddUserToGroup(r -> r.userPoolId(poolId).username(DEMO_USER).groupName(ADMIN_GROUP));
        return new UserPool(poolId, clientId, ADMIN_GROUP, DEMO_USER, temporary);
    }

    /** {@code prefix} and random letters and digits: meets Cognito's default policy (upper, lower, digit, symbol, 8+) when the prefix ends in a symbol. */
    public static String randomPassword(String prefix) {
        SecureRandom r = new SecureRandom();
        String alphabet = "abcdefghjkmnpqrstuvwxyz";
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < 8; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return b.append(r.nextInt(10)).append(r.nextInt(10)).append('A').toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
