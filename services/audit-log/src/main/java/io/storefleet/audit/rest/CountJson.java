package io.storefleet.audit.rest;

public record CountJson(long count) {
}
