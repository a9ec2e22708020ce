package io.sluice.cli;

import io.sluice.processor.plan.InternalTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Forgets where a pipeline got to, as Kafka Streams' application reset tool does: deletes its
 * consumer group (the committed offsets), its internal topics (changelogs, repartition, batch plan
 * log, checkpoint) and this machine's local state of it, so that its next run reads its source from
 * the start ({@code startingOffsets}). Its sink, dead-letter and source topics stay as they are.
 */
final class PipelineReset {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a reset removed. */
    record Outcome(boolean hadOffsets, List<String> topics, boolean hadLocalState) {}

    private final String bootstrapServers;
    private final Map<String, Object> clientSettings;

    /** Resets on {@code bootstrapServers}, with client settings (security) passed untouched. */
    PipelineReset(String bootstrapServers, Map<String, Object> clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = Map.copyOf(clientSettings);
    }

    /**
     * Resets the pipeline named {@code pipeline}, keeping local state under {@code stateRoot}.
     *
     * @throws PipelineRunningException when its consumer group has members: an instance runs it
     */
    Outcome reset(String pipeline, Path stateRoot) {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            requireNoMembers(admin, pipeline);
            boolean hadOffsets = deleteGroup(admin, pipeline);
            List<String> topics = deleteInternalTopics(admin, pipeline);
            return new Outcome(hadOffsets, topics, deleteTree(stateRoot.resolve(pipeline)));
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(
                    String.format("cannot reset pipeline '%s': %s", pipeline, cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting " + pipeline, e);
        }
    }

    private static void requireNoMembers(Admin admin, String group)
            throws ExecutionException, InterruptedException, TimeoutException {
        Collection<MemberDescription> members;
        try {
            ConsumerGroupDescription description =
                    admin.describeConsumerGroups(List.of(group))
                            .describedGroups()
                            .get(group)
                            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            members = description.members();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return;
            }
            throw e;
        }
        if (!members.isEmpty()) {
            throw new PipelineRunningException(group, members);
        }
    }

    /** Deletes the group and with it its committed offsets; false when it had none. */
    private static boolean deleteGroup(Admin admin, String group)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            admin.deleteConsumerGroups(List.of(group))
                    .all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            if (e.getCause() instanceof GroupNotEmptyException) {
                // an instance joined between the check and the deletion
                throw new PipelineRunningException(group, List.of());
            }
            throw e;
        }
    }

    /**
     * Deletes the topics named as internal topics of the pipeline and waits until they are gone, so
     * that a run started right after creates them afresh.
     */
    private static List<String> deleteInternalTopics(Admin admin, String pipeline)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> internal = internalTopics(admin, pipeline);
        if (internal.isEmpty()) {
            return internal;
        }
        try {
            admin.deleteTopics(internal).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!internalTopics(admin, pipeline).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the deleted topics " + internal + " still exist");
            }
            Thread.sleep(100); // polls the broker's metadata; no event says a deletion ended
        }
        return internal;
    }

    /**
     * The topics named as internal topics of the pipeline, except changelogs another pipeline's
     * name claims: {@code orders-eu-agg-changelog} is named like a changelog of pipeline {@code
     * orders} too, but belongs to {@code orders-eu} while a group of that name exists.
     */
    private static List<String> internalTopics(Admin admin, String pipeline)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> names = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<String> longer = new ArrayList<>();
        for (GroupListing group :
                admin.listGroups().all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            if (group.groupId().startsWith(pipeline + "-")) {
                longer.add(group.groupId());
            }
        }
        List<String> internal = new ArrayList<>();
        for (String name : names) {
            if (InternalTopics.describe(pipeline, name).isPresent()
                    && longer.stream()
                            .noneMatch(other -> InternalTopics.describe(other, name).isPresent())) {
                internal.add(name);
            }
        }
        internal.sort(Comparator.naturalOrder());
        return internal;
    }

    /** Deletes a directory and everything in it; false when it did not exist. */
    private static boolean deleteTree(Path root) {
        if (!Files.exists(root)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the local state in " + root, e);
        }
    }
}
