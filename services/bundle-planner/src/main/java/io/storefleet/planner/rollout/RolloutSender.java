package io.storefleet.planner.rollout;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.model.DeploymentEvent;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.planner.config.PlannerConfig;
import io.storefleet.planner.messaging.CommitConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.List;

/** Sends what a rollout step releases (deployments, rollout events) and waits until Kafka acknowledged all of it. */
@ApplicationScoped
public class RolloutSender {
    private final MutinyEmitter<String> deployments;
    private final MutinyEmitter<String> rolloutEvents;
    private final PlannerConfig config;

    public RolloutSender(PlannerConfig config,
                         @Channel(CommitConsumer.DEPLOYMENTS_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> deployments,
                         @Channel(CommitConsumer.ROLLOUT_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> rolloutEvents) {
        this.config = config;
        this.deployments = deployments;
        this.rolloutEvents = rolloutEvents;
    }

    public Uni<Void> send(List<? extends FleetEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(events)
                .onItem().transformToUni(this::send).merge(config.maxInFlight())
                .collect().last()
                .ifNoItem().after(config.ackTimeout()).failWith(() -> new IllegalStateException(
                        "Kafka did not acknowledge " + events.size() + " rollout records within " + config.ackTimeout()))
                .replaceWithVoid();
    }

    /** Blocking: call from a worker thread, inside the transaction that records what was sent. */
    public void sendAndWait(List<? extends FleetEvent> events) {
        send(events).await().indefinitely();
    }

    private Uni<Void> send(FleetEvent event) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build();
        var emitter = event instanceof DeploymentEvent ? deployments : rolloutEvents;
        return emitter.sendMessage(Message.of(EventCodec.encode(event)).addMetadata(metadata));
    }
}
