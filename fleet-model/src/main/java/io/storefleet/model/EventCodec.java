package io.storefleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.nio.charset.StandardCharsets;

/**
 * The one JSON codec for every Kafka and MQTT payload. Output is canonical (sorted keys, no nulls),
 * so the same event always has the same bytes: what gets hashed and signed.
 */
public final class EventCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    public static String encode(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static byte[] encodeBytes(Object value) {
        return encode(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes any event; throws {@link InvalidEventException} with the reason on garbage. */
    public static FleetEvent decode(String json) {
        return decode(json, FleetEvent.class);
    }

    public static FleetEvent decode(byte[] json) {
        return decode(new String(json, StandardCharsets.UTF_8));
    }

    public static <T> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty payload");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value instanceof FleetEvent event && (event.meta() == null || event.meta().id() == null)) {
                throw new InvalidEventException("event without meta.id");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(e.getOriginalMessage());
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A payload that is not a valid event; the message is the reason, fit for a status or DLQ header. */
    public static final class InvalidEventException extends RuntimeException {
        public InvalidEventException(String reason) {
            super(reason);
        }
    }

    private EventCodec() {
    }
}
