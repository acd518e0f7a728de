package io.storefleet.model;

/** A git identity. */
public record Person(String name, String email) {
}
