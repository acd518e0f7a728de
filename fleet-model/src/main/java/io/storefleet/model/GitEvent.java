package io.storefleet.model;

/** Events on {@link Topics#GIT_COMMITS}, keyed by repo id. */
public sealed interface GitEvent extends FleetEvent permits CommitDetected {
}
