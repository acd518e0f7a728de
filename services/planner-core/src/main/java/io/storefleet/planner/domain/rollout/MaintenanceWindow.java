package io.storefleet.planner.domain.rollout;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * When a store may receive a change under {@code maintenanceWindow: store-hours-closed}: while it is closed (outside
 * its opening hours, in its own time zone) and not on a freeze date. Built from the store's inventory row:
 * {@code opening_hours} ({@code mon 07:00-22:00;...;sun 08:00-21:00}; a day not listed is closed all day; an end at or
 * before the start runs past midnight, e.g. {@code fri 18:00-02:00}; {@code 24:00} is the end of the day) and
 * {@code freeze_periods} ({@code 2026-11-23..2026-11-30;2026-12-24}, inclusive local dates). Local times that a DST
 * change skips move forward ({@link ZonedDateTime#of}). Pure: the caller passes the instant.
 */
public final class MaintenanceWindow {
    private static final int HORIZON_DAYS = 60;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_HH_MM = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);

    private final ZoneId zone;
    private final List<Opening> openings;
    private final List<LocalDate[]> freezes;

    /** One opening period: on {@code day} from {@code from} for {@code length} (may run into the next day). */
    record Opening(DayOfWeek day, LocalTime from, LocalTime to, boolean overnight, boolean untilMidnight) {
    }

    /** Whether the store may receive the change now; when not, when it may next and why not now. */
    public sealed interface Decision permits Open, Closed {
    }

    public record Open() implements Decision {
    }

    /** @param opensAt null when the window never opens within the horizon (e.g. open around the clock) */
    public record Closed(Instant opensAt, String reason) implements Decision {
    }

    private MaintenanceWindow(ZoneId zone, List<Opening> openings, List<LocalDate[]> freezes) {
        this.zone = zone;
        this.openings = openings;
        this.freezes = freezes;
    }

    /** @throws IllegalArgumentException naming what cannot be read */
    public static MaintenanceWindow of(String timezone, String openingHours, String freezePeriods) {
        ZoneId zone;
        try {
            zone = timezone == null || timezone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timezone.strip());
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("unknown timezone " + timezone);
        }
        return new MaintenanceWindow(zone, hours(openingHours), freezes(freezePeriods));
    }

    public ZoneId zone() {
        return zone;
    }

    public Decision at(Instant now) {
        var local = now.atZone(zone);
        if (allowed(local)) {
            return new Open();
        }
        var opens = nextOpening(now);
        var frozen = frozen(local.toLocalDate());
        if (opens.isEmpty()) {
            return new Closed(null, frozen ? "freeze period, no window ahead" : "store never closes");
        }
        var at = opens.get().atZone(zone);
        var when = Duration.between(now, opens.get()).compareTo(Duration.ofHours(24)) < 0 ? at.format(HH_MM) : at.format(DAY_HH_MM);
        return new Closed(opens.get(), (frozen ? "freeze period; " : "") + "window opens " + when + " local");
    }

    private boolean allowed(ZonedDateTime local) {
        return !frozen(local.toLocalDate()) && !open(local);
    }

    private boolean frozen(LocalDate date) {
        for (var f : freezes) {
            if (!date.isBefore(f[0]) && !date.isAfter(f[1])) {
                return true;
            }
        }
        return false;
    }

    /** Whether the store trades at this instant: inside a period that started today or, overnight, yesterday. */
    private boolean open(ZonedDateTime local) {
        var instant = local.toInstant();
        var date = local.toLocalDate();
        for (var day : List.of(date.minusDays(1), date)) {
            for (var o : openings) {
                if (o.day() == day.getDayOfWeek()) {
                    var start = ZonedDateTime.of(day, o.from(), zone).toInstant();
                    var end = end(day, o);
                    if (!instant.isBefore(start) && instant.isBefore(end)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Instant end(LocalDate day, Opening o) {
        if (o.untilMidnight()) {
            return day.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return ZonedDateTime.of(o.overnight() ? day.plusDays(1) : day, o.to(), zone).toInstant();
    }

    /** The earliest boundary (a period's end, a midnight) after {@code now} at which the window is open. */
    private Optional<Instant> nextOpening(Instant now) {
        var boundaries = new TreeSet<Instant>();
        var today = now.atZone(zone).toLocalDate();
        for (int i = -1; i <= HORIZON_DAYS; i++) {
            var day = today.plusDays(i);
            boundaries.add(day.atStartOfDay(zone).toInstant());
            for (var o : openings) {
                if (o.day() == day.getDayOfWeek()) {
                    boundaries.add(end(day, o));
                }
            }
        }
        for (var b : boundaries.tailSet(now, false)) {
            if (allowed(b.atZone(zone))) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    private static List<Opening> hours(String text) {
        var openings = new ArrayList<Opening>();
        if (text == null || text.isBlank()) {
            return openings;
        }
        for (var part : text.split(";")) {
            var p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            var fields = p.split("\\s+");
            if (fields.length != 2 || !fields[1].contains("-")) {
                throw new IllegalArgumentException("opening hours entry '" + p + "' is not 'ddd HH:MM-HH:MM'");
            }
            var day = day(fields[0]);
            var range = fields[1].split("-");
            var from = time(range[0], p);
            var untilMidnight = range[1].equals("24:00");
            var to = untilMidnight ? LocalTime.MIDNIGHT : time(range[1], p);
            openings.add(new Opening(day, from, to, !untilMidnight && !to.isAfter(from), untilMidnight));
        }
        return openings;
    }

    private static DayOfWeek day(String text) {
        for (var d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown weekday '" + text + "' (mon..sun)");
    }

    private static LocalTime time(String text, String entry) {
        try {
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("opening hours entry '" + entry + "' has a bad time '" + text + "'");
        }
    }

    private static List<LocalDate[]> freezes(String text) {
        var freezes = new ArrayList<LocalDate[]>();
        if (text == null || text.isBlank()) {
            return freezes;
        }
        for (var part : text.split(";")) {
            var p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                var range = p.split("\\.\\.");
                var from = LocalDate.parse(range[0].strip());
                var to = range.length > 1 ? LocalDate.parse(range[1].strip()) : from;
                if (to.isBefore(from)) {
                    throw new IllegalArgumentException("freeze period '" + p + "' ends before it starts");
                }
                freezes.add(new LocalDate[]{from, to});
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("freeze period '" + p + "' is not 'yyyy-mm-dd..yyyy-mm-dd'");
            }
        }
        return freezes;
    }
}
