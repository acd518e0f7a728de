package io.storefleet.planner.inventory;

/** The store inventory could not be read; planning the commit must be retried later. */
public class InventoryUnavailableException extends Exception {
    public InventoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
