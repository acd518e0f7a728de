package io.storefleet.gitwatcher.rest;

import io.storefleet.gitwatcher.domain.CheckResult;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answer of a webhook call.
 *
 * @param checked every repo that was checked, with its outcome
 * @param emitted repo id → sha of the CommitDetected emitted by this call
 */
public record WebhookResponse(List<CheckResult> checked, Map<String, String> emitted) {

    static WebhookResponse of(List<CheckResult> results) {
        var emitted = new TreeMap<String, String>();
        results.stream()
                .filter(r -> r.outcome() == CheckResult.Outcome.EMITTED)
                .forEach(r -> emitted.put(r.repo(), r.head()));
        return new WebhookResponse(results, emitted);
    }
}
