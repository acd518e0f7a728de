package io.storefleet.dispatcher.messaging;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Keeps up to {@code window} messages in processing at once and asks for one more as each finishes.
 * A handler method returning Uni would be called one message at a time (SmallRye concatenates), i.e.
 * one broker round trip per deployment; this lets a 10,000-store commit go out in one burst.
 * Acks may come out of order; the Kafka connector's throttled commit strategy commits only contiguous offsets.
 */
final class WindowedSubscriber<T> implements Flow.Subscriber<Message<T>> {
    private static final Logger LOG = Logger.getLogger(WindowedSubscriber.class);

    private final int window;
    private final Function<Message<T>, CompletionStage<Void>> handler;
    private Flow.Subscription subscription;

    WindowedSubscriber(int window, Function<Message<T>, CompletionStage<Void>> handler) {
        this.window = window;
        this.handler = handler;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(window);
    }

    @Override
    public void onNext(Message<T> message) {
        CompletionStage<Void> outcome;
        try {
            outcome = handler.apply(message);
        } catch (RuntimeException e) {
            outcome = message.nack(e);
        }
        outcome.whenComplete((v, e) -> {
            if (e != null) {
                LOG.errorf(e, "deployment record not settled");
            }
            requestOne();
        });
    }

    // Reactive Streams 2.7: calls on the subscription must be serial; completions arrive on many threads.
    private synchronized void requestOne() {
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        LOG.errorf(failure, "deployment stream failed");
    }

    @Override
    public void onComplete() {
        LOG.info("deployment stream completed");
    }
}
