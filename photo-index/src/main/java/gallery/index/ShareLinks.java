package gallery.index;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static gallery.index.Items.s;
import static gallery.index.PhotoTable.LINK_PK;
import static gallery.index.PhotoTable.LINK_PREFIX;
import static gallery.index.PhotoTable.PK;
import static gallery.index.PhotoTable.SK;

/**
 * Share links, kept in the photo index: a link opens one album, read-only, to whoever has its id,
 * until it expires or is revoked. The id is the secret (128 random bits, URL-safe), so it is never
 * logged in full ({@link ShareLink#shortId}).
 */
public final class ShareLinks {
    /** The partition key value of every link item: what the api's write permission is limited to. */
    public static final String PARTITION = LINK_PK;
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
    public static final Duration MAX_LIFETIME = Duration.ofDays(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public ShareLinks(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** A new link to {@code album} for {@code lifetime} (1 hour to {@link #MAX_LIFETIME}). */
    public ShareLink create(String album, String createdBy, Duration lifetime, boolean downloads) {
        if (lifetime.compareTo(Duration.ofHours(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("a link lives from 1 hour to " + MAX_LIFETIME.toDays() + " days, got " + lifetime);
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        Instant now = clock.instant();
        ShareLink link = new ShareLink(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), album, createdBy,
                now, now.plus(lifetime), downloads, null);
        Map<String, AttributeValue> item = new HashMap<>(key(link.id()));
        item.put("album", s(album));
        item.put("createdBy", s(createdBy));
        item.put("createdAt", s(now.toString()));
        item.put("expiresAt", s(link.expiresAt().toString()));
        item.put("downloads", AttributeValue.fromBool(downloads));
        dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK)));
        return link;
    }

    public Optional<ShareLink> get(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{22}")) return Optional.empty();
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    /** Every link, newest first. */
    public List<ShareLink> list() {
        List<ShareLink> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(q -> q.tableName(table).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", PK)).expressionAttributeValues(Map.of(":pk", s(LINK_PK)))
                    .exclusiveStartKey(from));
            r.items().forEach(i -> out.add(read(i)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        out.sort(Comparator.comparing(ShareLink::createdAt).reversed());
        return out;
    }

    /** Revokes the link; false when there is no such link. Revoking twice keeps the first time. */
    public boolean revoke(String id) {
        if (get(id).isEmpty()) return false;
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(id))
                    .updateExpression("SET revokedAt = :at")
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(revokedAt)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":at", s(clock.instant().toString()))));
        } catch (ConditionalCheckFailedException alreadyRevoked) {
            // revoked before: nothing to change
        }
        return true;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(PK, s(LINK_PK), SK, s(LINK_PREFIX + id));
    }

    private static ShareLink read(Map<String, AttributeValue> i) {
        String revoked = Items.str(i, "revokedAt");
        AttributeValue downloads = i.get("downloads");
        return new ShareLink(Items.str(i, SK).substring(LINK_PREFIX.length()), Items.str(i, "album"), Items.str(i, "createdBy"),
                Instant.parse(Items.str(i, "createdAt")), Instant.parse(Items.str(i, "expiresAt")),
                downloads != null && Boolean.TRUE.equals(downloads.bool()), revoked == null ? null : Instant.parse(revoked));
    }
}
