package gallery.index;

import gallery.core.AlbumAccess;
import gallery.core.PhotoKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static gallery.index.Items.s;
import static gallery.index.PhotoTable.*;

/**
 * The index's listings, for the gallery and the admin tool: an album's photos, the timeline, the
 * failures, the albums and their access rules. Queries of what {@link PhotoIndex}'s writes keep up
 * (album entries, the sparse timeline and failed indexes, album summaries); they never write.
 */
public final class PhotoQueries {
    public static final int MAX_PAGE = 500;

    private final DynamoDbClient dynamo;
    private final String table;

    public PhotoQueries(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** An album's READY photos, oldest first by {@link PhotoDate} (the camera's local time, else a guess). */
    public Page<PhotoRow> album(String album, String cursor, int limit) {
        Objects.requireNonNull(album, "album");
        return page(partition(null, PK, Items.albumPk(album)).scanIndexForward(true)
                .exclusiveStartKey(Cursor.decode(cursor, List.of(PK, SK))), limit);
    }

    /** Every READY photo across albums, newest first by {@link PhotoDate}. */
    public Page<PhotoRow> timeline(String cursor, int limit) {
        return page(partition(TIMELINE_INDEX, TIMELINE_PK, TIMELINE_ALL).scanIndexForward(false)
                .exclusiveStartKey(Cursor.decode(cursor, List.of(PK, SK, TIMELINE_PK, TIMELINE_SK))), limit);
    }

    /** FAILED photos with their reasons, most recent failure first. */
    public Page<PhotoRow> failed(String cursor, int limit) {
        return page(partition(FAILED_INDEX, FAILED_PK, FAILED_ALL).scanIndexForward(false)
                .exclusiveStartKey(Cursor.decode(cursor, List.of(PK, SK, FAILED_PK, FAILED_SK))), limit);
    }

    /** How many photos are FAILED: a count-only query of the sparse failed index (no items read back). */
    public long countFailed() {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(partition(FAILED_INDEX, FAILED_PK, FAILED_ALL)
                    .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT).exclusiveStartKey(from).build());
            count += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /** Albums holding at least one READY photo, the most recent first (by their newest camera date; albums without one last). */
    public List<AlbumSummary> albums() {
        List<Map<String, AttributeValue>> summaries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = dynamo.query(partition(null, PK, ALBUMS_PK).exclusiveStartKey(start).build());
            summaries.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);

        List<String> coverKeys = summaries.stream().map(m -> Items.str(m, COVER)).filter(Objects::nonNull).distinct().toList();
        Map<String, PhotoRow> covers = batchGetPhotos(coverKeys);
        List<AlbumSummary> out = new ArrayList<>();
        for (Map<String, AttributeValue> m : summaries) {
            long count = Items.longOf(m, COUNT, 0);
            if (count <= 0) continue;
            String cover = Items.str(m, COVER);
            out.add(new AlbumSummary(Items.str(m, ALBUM), count, cover == null ? null : covers.get(cover),
                    local(Items.str(m, FROM)), local(Items.str(m, TO))));
        }
        out.sort(Comparator.comparing(AlbumSummary::to, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(AlbumSummary::name));
        return out;
    }

    /** Every album's access rule: one Query of a handful of items. */
    public AlbumAccess albumAccess() {
        Map<String, java.util.Set<String>> rules = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = dynamo.query(partition(null, PK, ACCESS_PK).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : r.items()) {
                AttributeValue groups = item.get(GROUPS);
                if (groups != null && groups.hasSs() && !groups.ss().isEmpty()) rules.put(Items.str(item, ALBUM), java.util.Set.copyOf(groups.ss()));
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return new AlbumAccess(rules);
    }

    /** A query of one partition of the table ({@code index} null) or of an index. */
    private QueryRequest.Builder partition(String index, String pkName, String pkValue) {
        return QueryRequest.builder().tableName(table).indexName(index)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", pkName))
                .expressionAttributeValues(Map.of(":pk", s(pkValue)));
    }

    private Page<PhotoRow> page(QueryRequest.Builder query, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit " + limit + " is out of range: expected 1.." + MAX_PAGE);
        }
        QueryResponse r = dynamo.query(query.limit(limit).build());
        List<PhotoRow> rows = r.items().stream().map(Items::row).toList();
        String next = r.hasLastEvaluatedKey() ? Cursor.encode(r.lastEvaluatedKey()) : null;
        return new Page<>(rows, next);
    }

    private Map<String, PhotoRow> batchGetPhotos(List<String> keys) {
        Map<String, PhotoRow> out = new HashMap<>();
        for (int i = 0; i < keys.size(); i += 100) {
            List<Map<String, AttributeValue>> wanted = keys.subList(i, Math.min(keys.size(), i + 100)).stream()
                    .map(k -> Items.photoKey(new PhotoKey(k))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(wanted).build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> req = request;
                var r = dynamo.batchGetItem(b -> b.requestItems(req));
                for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
                    if (!DELETED.equals(Items.str(item, STATUS))) out.put(Items.str(item, KEY), Items.row(item));
                }
                request = r.hasUnprocessedKeys() && !r.unprocessedKeys().isEmpty() ? r.unprocessedKeys() : null;
            }
        }
        return out;
    }

    /** A summary's date: a local date-time, or (written before {@link PhotoDate}) a UTC instant read at UTC. */
    private static LocalDateTime local(String s) {
        if (s == null) return null;
        return s.endsWith("Z") ? LocalDateTime.ofInstant(Instant.parse(s), ZoneOffset.UTC) : LocalDateTime.parse(s);
    }

}
