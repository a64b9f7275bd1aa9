package dev.tandem.batch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Test-only consumer: proves the Kafka connector delivers batches from the local broker. */
@ApplicationScoped
public class SmokeBatchConsumer {

    final List<List<String>> batches = new CopyOnWriteArrayList<>();

    @Incoming("smoke")
    public void consume(List<String> batch) {
        batches.add(List.copyOf(batch));
    }

    List<String> received() {
        return batches.stream().flatMap(List::stream).toList();
    }
}
