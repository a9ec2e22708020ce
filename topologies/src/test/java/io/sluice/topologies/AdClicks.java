package io.sluice.topologies;

import io.sluice.processor.stateful.JoinInput;
import io.sluice.processor.stateful.KeyEncoding;
import io.sluice.processor.stateful.TaskInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Ad impressions and clicks for a stream-stream left join crash test, and what the join {@code
 * between: [0s, 1h]} of them must give, computed in memory.
 *
 * <p>Every partition's event times only grow: impressions are 2 s apart, round robin over the
 * partitions; clicks are sorted by time, then dealt round robin. A row is then never behind the
 * watermark of its own partition, and the partitions of one topic are seconds apart. Most clicks
 * fall within the hour after an impression of their ad (some exactly on a bound), some before it or
 * after the hour, some are of ads never shown. The input ends, on every partition of both topics,
 * with four closing rows a day after the rest, so the final watermark passes every other row.
 *
 * <p>Rows are compared as text: {@code Id|AdID|ShownAt|ClickId|ClickedAt}, {@code null} for a
 * missing side.
 */
final class AdClicks {
    static final String IMPRESSION_SCHEMA =
            "{\"type\":\"record\",\"name\":\"Impression\",\"fields\":["
                    + "{\"name\":\"Id\",\"type\":\"string\"},"
                    + "{\"name\":\"AdID\",\"type\":\"string\"},"
                    + "{\"name\":\"ShownAt\",\"type\":\"long\"}]}";
    static final String CLICK_SCHEMA =
            "{\"type\":\"record\",\"name\":\"Click\",\"fields\":["
                    + "{\"name\":\"ClickId\",\"type\":\"string\"},"
                    + "{\"name\":\"AdID\",\"type\":\"string\"},"
                    + "{\"name\":\"ClickedAt\",\"type\":\"long\"}]}";

    /** The join's bound: the click's time minus the impression's, within [0, 1h]. */
    static final long UPPER_MS = Duration.ofHours(1).toMillis();

    static final long IMPRESSION_DELAY_MS = Duration.ofMinutes(10).toMillis();
    static final long CLICK_DELAY_MS = Duration.ofMinutes(20).toMillis();

    private static final long SPACING_MS = 2_000;
    private static final long CLOSING_AFTER_MS = Duration.ofDays(1).toMillis();
    // closing rows this long before the last: last chances on both sides of the final watermark
    private static final long[] CLOSING_BEFORE_MS = {
        Duration.ofMinutes(90).toMillis(),
        Duration.ofMinutes(45).toMillis(),
        Duration.ofMinutes(10).toMillis(),
        0
    };

    record Impression(String id, String ad, long shownAtMs, int partition) {}

    record Click(String id, String ad, long clickedAtMs, int partition) {}

    private final int partitions;
    private final List<Impression> impressions;
    private final List<Click> clicks;
    private final long lastMs;

    private AdClicks(int partitions, List<Impression> impressions, List<Click> clicks) {
        this.partitions = partitions;
        this.impressions = impressions;
        this.clicks = clicks;
        this.lastMs =
                Math.max(
                        impressions.get(impressions.size() - 1).shownAtMs(),
                        clicks.get(clicks.size() - 1).clickedAtMs());
    }

    /**
     * {@code count} impressions from {@code baseMs} on, of {@code ads} ads, and their clicks, over
     * {@code partitions} partitions; without the closing rows.
     */
    static AdClicks generate(Random random, int count, int ads, long baseMs, int partitions) {
        List<Impression> impressions = new ArrayList<>(count);
        List<Click> clicks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Impression shown =
                    new Impression(
                            "I-" + i,
                            "AD-" + random.nextInt(ads),
                            baseMs + i * SPACING_MS,
                            i % partitions);
            impressions.add(shown);
            int dice = random.nextInt(100);
            int within = dice < 35 ? 0 : dice < 70 ? 1 : dice < 85 ? 2 : dice < 95 ? 3 : 5;
            for (int c = 0; c < within; c++) {
                clicks.add(click(clicks.size(), shown.ad(), shown.shownAtMs() + within(random)));
            }
            if (random.nextInt(100) < 15) {
                clicks.add(click(clicks.size(), shown.ad(), shown.shownAtMs() + outside(random)));
            }
            if (random.nextInt(100) < 3) {
                long at = shown.shownAtMs() + random.nextLong(UPPER_MS + 1);
                clicks.add(click(clicks.size(), "NEVER-SHOWN-" + i, at));
            }
        }
        clicks.sort(Comparator.comparingLong(Click::clickedAtMs).thenComparing(Click::id));
        List<Click> dealt = new ArrayList<>(clicks.size());
        for (int i = 0; i < clicks.size(); i++) {
            Click c = clicks.get(i);
            dealt.add(new Click(c.id(), c.ad(), c.clickedAtMs(), i % partitions));
        }
        return new AdClicks(partitions, impressions, dealt);
    }

    /** A click time after the impression's within the bound, now and then exactly on one. */
    private static long within(Random random) {
        int dice = random.nextInt(100);
        return dice < 3 ? 0 : dice < 6 ? UPPER_MS : random.nextLong(UPPER_MS + 1);
    }

    /** A click time outside the bound: before the impression, or after its hour. */
    private static long outside(Random random) {
        int dice = random.nextInt(100);
        if (dice < 10) {
            return -1;
        }
        if (dice < 20) {
            return UPPER_MS + 1;
        }
        long by = 1 + random.nextLong(Duration.ofMinutes(60).toMillis());
        return dice < 50 ? -by : UPPER_MS + by;
    }

    private static Click click(int number, String ad, long atMs) {
        return new Click("C-" + number, ad, atMs, -1);
    }

    /**
     * The closing rows, four per partition of each topic: the last a day after the rest. On
     * partition {@code p}, impression {@code j} and click {@code j} are at the same time, of the
     * same ad for {@code j} 1 and 2 (pairs), of different ads for 0 and 3.
     */
    AdClicks closing() {
        long endMs = lastMs + CLOSING_AFTER_MS;
        List<Impression> shown = new ArrayList<>();
        List<Click> clicked = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (int j = 0; j < CLOSING_BEFORE_MS.length; j++) {
                long at = endMs - CLOSING_BEFORE_MS[j];
                String ad = "END-" + p + "-" + j;
                shown.add(new Impression("I-END-" + p + "-" + j, ad, at, p));
                boolean pair = j == 1 || j == 2;
                clicked.add(new Click("C-END-" + p + "-" + j, pair ? ad : ad + "-X", at, p));
            }
        }
        return new AdClicks(partitions, shown, clicked);
    }

    /** This input followed by {@code more}. */
    AdClicks with(AdClicks more) {
        List<Impression> shown = new ArrayList<>(impressions);
        shown.addAll(more.impressions);
        List<Click> clicked = new ArrayList<>(clicks);
        clicked.addAll(more.clicks);
        return new AdClicks(partitions, shown, clicked);
    }

    int size() {
        return impressions.size() + clicks.size();
    }

    /**
     * The watermark once every partition delivered its closing rows: the latest time less the
     * clicks' delay, the larger. (Should the clicks' partitions go idle first, it would be less the
     * impressions' delay; no last chance lies between the two, so the result is the same.)
     */
    long finalWatermarkMs() {
        return lastMs - Math.max(IMPRESSION_DELAY_MS, CLICK_DELAY_MS);
    }

    List<ProducerRecord<byte[], byte[]>> impressionRecords(String topic) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Impression i : impressions) {
            records.add(record(topic, i.partition(), json(i)));
        }
        return records;
    }

    List<ProducerRecord<byte[], byte[]>> clickRecords(String topic) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Click c : clicks) {
            records.add(record(topic, c.partition(), json(c)));
        }
        return records;
    }

    static String json(Impression i) {
        return String.format(
                "{\"Id\":\"%s\",\"AdID\":\"%s\",\"ShownAt\":%d}", i.id(), i.ad(), i.shownAtMs());
    }

    static String json(Click c) {
        return String.format(
                "{\"ClickId\":\"%s\",\"AdID\":\"%s\",\"ClickedAt\":%d}",
                c.id(), c.ad(), c.clickedAtMs());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String v) {
        return new ProducerRecord<>(topic, partition, null, v.getBytes(StandardCharsets.UTF_8));
    }

    /** Per impression, the clicks of its ad within the bound, in input order. */
    Map<Impression, List<Click>> pairs() {
        Map<String, List<Impression>> byAd = new HashMap<>();
        for (Impression i : impressions) {
            byAd.computeIfAbsent(i.ad(), k -> new ArrayList<>()).add(i);
        }
        Map<Impression, List<Click>> pairs = new HashMap<>();
        for (Impression i : impressions) {
            pairs.put(i, new ArrayList<>());
        }
        for (Click c : clicks) {
            for (Impression i : byAd.getOrDefault(c.ad(), List.of())) {
                if (matches(i, c)) {
                    pairs.get(i).add(c);
                }
            }
        }
        return pairs;
    }

    /** The clicks that meet no impression. */
    long unmatchedClicks() {
        Map<String, List<Impression>> byAd = new HashMap<>();
        for (Impression i : impressions) {
            byAd.computeIfAbsent(i.ad(), k -> new ArrayList<>()).add(i);
        }
        return clicks.stream()
                .filter(
                        c ->
                                byAd.getOrDefault(c.ad(), List.of()).stream()
                                        .noneMatch(i -> matches(i, c)))
                .count();
    }

    private static boolean matches(Impression i, Click c) {
        long difference = c.clickedAtMs() - i.shownAtMs();
        return difference >= 0 && difference <= UPPER_MS;
    }

    /**
     * The rows the left join emits, with how often each: every pair, and every impression without
     * one whose last chance (its time + 1h) the watermark {@code watermarkMs} has passed.
     */
    Map<String, Integer> expectedRows(long watermarkMs) {
        Map<String, Integer> rows = new HashMap<>();
        for (Map.Entry<Impression, List<Click>> pair : pairs().entrySet()) {
            Impression i = pair.getKey();
            for (Click c : pair.getValue()) {
                rows.merge(row(i, c), 1, Integer::sum);
            }
            if (pair.getValue().isEmpty() && i.shownAtMs() + UPPER_MS < watermarkMs) {
                rows.merge(row(i, null), 1, Integer::sum);
            }
        }
        return rows;
    }

    static String row(Impression i, Click c) {
        return i.id()
                + "|"
                + i.ad()
                + "|"
                + i.shownAtMs()
                + "|"
                + (c == null ? "null|null" : c.id() + "|" + c.clickedAtMs());
    }

    /**
     * Per task of {@code tasks}, the keys its join store must hold once the watermark is {@code
     * watermarkMs}: each row whose last chance it has not passed (impressions: time + 1h; clicks:
     * their time) and that row's index entry, and the row counter of a task that got any row.
     */
    Map<Integer, Long> expectedStoreKeys(long watermarkMs, int tasks) {
        KeyEncoding keys =
                new KeyEncoding(
                        "RepartitionKey",
                        List.of(
                                new Schema.Field(
                                        "key", JoinInput.SCHEMA.getField("key").schema())));
        Map<Integer, Long> counts = new HashMap<>();
        for (Impression i : impressions) {
            boolean live = i.shownAtMs() + UPPER_MS >= watermarkMs;
            counts.merge(taskOf(keys, i.ad(), tasks), live ? 2L : 0L, Long::sum);
        }
        for (Click c : clicks) {
            boolean live = c.clickedAtMs() >= watermarkMs;
            counts.merge(taskOf(keys, c.ad(), tasks), live ? 2L : 0L, Long::sum);
        }
        counts.replaceAll((task, rowsAndIndex) -> rowsAndIndex + 1); // the row counter
        return counts;
    }

    /** The task of an ad: as the repartitioner places a join input row keyed by it. */
    private static int taskOf(KeyEncoding keys, String ad, int tasks) {
        keys.set(0, ad);
        return TaskInfo.taskOf(keys.encode(), tasks);
    }
}
