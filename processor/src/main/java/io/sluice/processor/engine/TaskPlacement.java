package io.sluice.processor.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The group leader's placement of stateful tasks: which member runs each partition, adjusted from
 * the cooperative sticky assignment toward members holding a current copy of a task's state, and
 * which members keep a standby copy of each task. A pure function of the members' subscriptions.
 *
 * <p>Implementation notes: only an orphaned partition (owned by no member, its owner gone) moves
 * away from where the sticky assignor put it, so the cooperative rule holds (a partition still
 * owned by one member is never handed to another in the same round). It moves to the member with
 * the most current copy of its task when that member has room (fewer than {@code
 * ceil(partitions/members)}) and the giver keeps at least {@code floor(partitions/members)}, so the
 * sticky assignor finds the assignment balanced next time; otherwise it is swapped with an orphan
 * the sticky assignor gave to that member, when that one loses nothing by the swap. Standbys: for
 * each task partition, {@code replicas} members other than its owner (fewer when the group is
 * smaller), preferring, among members below an even share of standbys, those holding the most
 * current copy, then the least loaded (active plus standby tasks), then by member id.
 */
final class TaskPlacement {
    private static final Comparator<TopicPartition> BY_TOPIC_AND_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private TaskPlacement() {}

    /**
     * A member's subscription, as far as placement needs it.
     *
     * @param owned the partitions it owns now
     * @param copies the tasks whose state it holds a local copy of, with the copy's currency (the
     *     sum of its changelog offsets; higher is more current)
     */
    record Member(Set<TopicPartition> owned, Map<TopicPartition, Long> copies) {
        Member {
            owned = Set.copyOf(owned);
            copies = Map.copyOf(copies);
        }
    }

    /** Each member's active partitions and standby tasks. */
    record Placement(
            Map<String, List<TopicPartition>> active, Map<String, List<TopicPartition>> standbys) {}

    /**
     * Places tasks.
     *
     * @param sticky the cooperative sticky assignment, member to partitions
     * @param members every member of {@code sticky}, by member id
     * @param taskTopics the topics whose partitions are stateful tasks
     * @param replicas the standby copies wanted per task
     */
    static Placement place(
            Map<String, List<TopicPartition>> sticky,
            Map<String, Member> members,
            Set<String> taskTopics,
            int replicas) {
        Map<String, List<TopicPartition>> active = new TreeMap<>();
        sticky.forEach((member, partitions) -> active.put(member, new ArrayList<>(partitions)));
        preferCopies(active, members);
        return new Placement(active, standbys(active, members, taskTopics, replicas));
    }

    private static void preferCopies(
            Map<String, List<TopicPartition>> active, Map<String, Member> members) {
        if (active.isEmpty()) {
            return;
        }
        Set<TopicPartition> owned = new HashSet<>();
        members.values().forEach(m -> owned.addAll(m.owned()));
        int total = active.values().stream().mapToInt(List::size).sum();
        int cap = (total + active.size() - 1) / active.size();
        int floor = total / active.size();
        Map<TopicPartition, String> orphans = new TreeMap<>(BY_TOPIC_AND_PARTITION);
        active.forEach(
                (member, partitions) ->
                        partitions.stream()
                                .filter(p -> !owned.contains(p))
                                .forEach(p -> orphans.put(p, member)));
        for (TopicPartition partition : List.copyOf(orphans.keySet())) {
            String giver = orphans.get(partition);
            String best = mostCurrent(partition, active.keySet(), members);
            if (best == null
                    || currency(members, best, partition) <= currency(members, giver, partition)) {
                continue;
            }
            if (active.get(best).size() < cap && active.get(giver).size() > floor) {
                active.get(giver).remove(partition);
                active.get(best).add(partition);
                orphans.put(partition, best);
                continue;
            }
            for (Map.Entry<TopicPartition, String> other : orphans.entrySet()) {
                TopicPartition swap = other.getKey();
                if (other.getValue().equals(best)
                        && currency(members, giver, swap) >= currency(members, best, swap)) {
                    active.get(giver).remove(partition);
                    active.get(best).add(partition);
                    active.get(best).remove(swap);
                    active.get(giver).add(swap);
                    orphans.put(partition, best);
                    orphans.put(swap, giver);
                    break;
                }
            }
        }
    }

    /** The member holding the most current copy of the task, or null when none holds one. */
    private static String mostCurrent(
            TopicPartition task, Set<String> candidates, Map<String, Member> members) {
        String best = null;
        for (String member : candidates) {
            long currency = currency(members, member, task);
            if (currency >= 0 && (best == null || currency > currency(members, best, task))) {
                best = member;
            }
        }
        return best;
    }

    /** The currency of the member's copy of the task; -1 when it holds none. */
    private static long currency(Map<String, Member> members, String member, TopicPartition task) {
        Member m = members.get(member);
        Long currency = m == null ? null : m.copies().get(task);
        return currency == null ? -1 : currency;
    }

    private static Map<String, List<TopicPartition>> standbys(
            Map<String, List<TopicPartition>> active,
            Map<String, Member> members,
            Set<String> taskTopics,
            int replicas) {
        Map<String, List<TopicPartition>> standbys = new TreeMap<>();
        active.keySet().forEach(member -> standbys.put(member, new ArrayList<>()));
        int copies = Math.min(replicas, active.size() - 1);
        if (copies <= 0 || taskTopics.isEmpty()) {
            return standbys;
        }
        Map<TopicPartition, String> owners = interleavedByOwner(active, taskTopics);
        int share = (owners.size() * copies + active.size() - 1) / active.size();
        Map<String, Integer> load = new HashMap<>();
        active.forEach((member, partitions) -> load.put(member, partitions.size()));
        for (Map.Entry<TopicPartition, String> task : owners.entrySet()) {
            TopicPartition partition = task.getKey();
            Comparator<String> preference =
                    Comparator.<String>comparingInt(m -> standbys.get(m).size() < share ? 0 : 1)
                            .thenComparing(
                                    m -> currency(members, m, partition), Comparator.reverseOrder())
                            .thenComparingInt(m -> standbys.get(m).size())
                            .thenComparingInt(load::get)
                            .thenComparing(Comparator.naturalOrder());
            List<String> candidates = new ArrayList<>(active.keySet());
            candidates.remove(task.getValue());
            candidates.sort(preference);
            for (String member : candidates.subList(0, copies)) {
                standbys.get(member).add(partition);
                load.merge(member, 1, Integer::sum);
            }
        }
        return standbys;
    }

    /**
     * The task partitions with their owners, taking one of each owner's in turn: a greedy placement
     * that sees the owners interleaved spreads the standbys evenly.
     */
    private static Map<TopicPartition, String> interleavedByOwner(
            Map<String, List<TopicPartition>> active, Set<String> taskTopics) {
        Map<TopicPartition, String> owners = new LinkedHashMap<>();
        List<Iterator<TopicPartition>> lists = new ArrayList<>();
        List<String> listOwners = new ArrayList<>();
        active.forEach(
                (member, partitions) -> {
                    List<TopicPartition> tasks = new ArrayList<>();
                    partitions.stream()
                            .filter(p -> taskTopics.contains(p.topic()))
                            .forEach(tasks::add);
                    tasks.sort(BY_TOPIC_AND_PARTITION);
                    lists.add(tasks.iterator());
                    listOwners.add(member);
                });
        boolean more = true;
        while (more) {
            more = false;
            for (int i = 0; i < lists.size(); i++) {
                if (lists.get(i).hasNext()) {
                    owners.put(lists.get(i).next(), listOwners.get(i));
                    more = true;
                }
            }
        }
        return owners;
    }
}
