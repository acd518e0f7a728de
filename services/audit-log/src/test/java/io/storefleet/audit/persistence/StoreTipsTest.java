package io.storefleet.audit.persistence;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tips come from memory only while the fleet head is where this instance's staged batch left it. */
class StoreTipsTest {

    private static List<String> lookup(StoreTips tips, String head, Map<String, String> known, String... stores) {
        return tips.lookup(head, List.of(stores), known);
    }

    @Test
    void aTableOfHeadMovesDecidesWhatIsReadFromTheLedger() {
        // every row: look up under the head lock (head = what the database says), then stage the batch's tips;
        // "committed" = the head the next row finds is the one the staged batch left
        record Row(String step, String head, List<String> stores, List<String> expectUnknown) {
        }
        var tips = new StoreTips(100);
        var rows = List.of(
                new Row("start: nothing known", "h0", List.of("a", "b"), List.of("a", "b")),
                new Row("own batch committed: from memory", "h0>", List.of("a", "b"), List.of()),
                new Row("a new store next to known ones", "h0>>", List.of("a", "c"), List.of("c")),
                new Row("another writer moved the head", "x9", List.of("a", "b", "c"), List.of("a", "b", "c")),
                new Row("after that: memory again", "x9>", List.of("b"), List.of()));
        for (var row : rows) {
            var known = new HashMap<String, String>();
            var unknown = tips.lookup(row.head(), row.stores(), known);
            assertThat(unknown).as(row.step()).containsExactlyElementsOf(row.expectUnknown());
            var fromMemory = row.stores().stream().filter(st -> !row.expectUnknown().contains(st)).toList();
            assertThat(known.keySet()).as(row.step()).containsExactlyInAnyOrderElementsOf(fromMemory);
            var after = new HashMap<String, String>();
            row.stores().forEach(s -> after.put(s, s + "@" + row.head() + ">"));
            tips.stage(row.head(), row.head() + ">", after);
        }
    }

    @Test
    void aKnownTipIsTheOneTheCommittedBatchLeft() {
        var tips = new StoreTips(100);
        lookup(tips, "h0", new HashMap<>(), "a");
        tips.stage("h0", "h1", Map.of("a", "a-tip-1"));
        var known = new HashMap<String, String>();
        assertThat(lookup(tips, "h1", known, "a")).isEmpty();
        assertThat(known).containsEntry("a", "a-tip-1");
    }

    @Test
    void aBatchThatRolledBackLeavesTheTipsAsBeforeIt() {
        var tips = new StoreTips(100);
        lookup(tips, "h0", new HashMap<>(), "a");
        tips.stage("h0", "h1", Map.of("a", "a-tip-1"));
        lookup(tips, "h1", new HashMap<>(), "a");
        tips.stage("h1", "h2", Map.of("a", "never-committed"));
        var known = new HashMap<String, String>();
        assertThat(lookup(tips, "h1", known, "a")).isEmpty(); // the head is still h1: h2 rolled back
        assertThat(known).containsEntry("a", "a-tip-1");
    }

    @Test
    void aCommittedBatchAfterAnotherWritersRowsStillGivesItsOwnStores() {
        var tips = new StoreTips(100);
        lookup(tips, "h0", new HashMap<>(), "a", "b");
        tips.stage("h0", "h1", Map.of("a", "a1", "b", "b1"));
        lookup(tips, "x5", new HashMap<>(), "a"); // another instance wrote: nothing from before is trusted
        tips.stage("x5", "x6", Map.of("a", "a6"));
        var known = new HashMap<String, String>();
        assertThat(lookup(tips, "x6", known, "a", "b")).containsExactly("b");
        assertThat(known).containsEntry("a", "a6");
    }

    @Test
    void moreStoresThanTheBoundAreNotKept() {
        var tips = new StoreTips(2);
        lookup(tips, "h0", new HashMap<>(), "a", "b", "c");
        tips.stage("h0", "h1", Map.of("a", "1", "b", "2", "c", "3"));
        assertThat(lookup(tips, "h1", new HashMap<>(), "a")).containsExactly("a");
    }
}
