package dev.tandem.function.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        try (Admin client = Admin.create(config)) {
            ConsumerGroupDescription group = client.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<String> owners = new ArrayList<>();
            for (MemberDescription m : group.members()) {
                List<Integer> mine = m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                        .map(tp -> tp.partition()).sorted().toList();
                if (!mine.isEmpty()) {
                    owners.add(m.clientId() + m.host() + " owns " + mine);
                }
            }
            return owners;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the consumers of group " + groupId, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw new IllegalStateException("Could not check the consumers of group " + groupId + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not check the consumers of group " + groupId + ": " + e.getMessage(), e);
        }
    }
}
