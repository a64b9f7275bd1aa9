package dev.tandem.function.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** Which live members of a consumer group own partitions of a topic, as the group coordinator says now. */
public final class ConsumerGroupOwners {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ConsumerGroupOwners() {
    }

    /**
     * One line per member that owns partitions of {@code topic}: {@code <client id>/<host> owns [0, 2]};
     * empty if none does or the group never existed.
     *
     * @throws IllegalStateException if the coordinator cannot be asked
     */
    public static List<String> of(Map<String, Object> kafka, String groupId, String topic) {
        try (Admin client = Admin.create(adminConfig(kafka))) {
            Map<String, List<Integer>> byMember = new TreeMap<>();
            byPartition(client, groupId, topic).forEach((p, member) -> byMember.computeIfAbsent(member,
                    m -> new ArrayList<>()).add(p));
            List<String> owners = new ArrayList<>();
            byMember.forEach((member, partitions) -> owners.add(member + " owns " + partitions));
            return owners;
        }
    }

    /**
     * Partition of {@code topic} → the member that owns it ({@code <client id>/<host>}), for every
     * partition a live member of the group owns; empty if none does or the group never existed.
     *
     * @throws IllegalStateException if the coordinator cannot be asked
     */
    public static Map<Integer, String> byPartition(Admin client, String groupId, String topic) {
        try {
            ConsumerGroupDescription group = client.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, String> owners = new TreeMap<>();
            for (MemberDescription m : group.members()) {
                m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                        .forEach(tp -> owners.put(tp.partition(), m.clientId() + m.host()));
            }
            return owners;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the consumers of group " + groupId, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw new IllegalStateException("Could not check the consumers of group " + groupId + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not check the consumers of group " + groupId + ": " + e.getMessage(), e);
        }
    }

    /** The admin client settings among a Kafka client configuration. */
    public static Map<String, Object> adminConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        return config;
    }
}
