package io.storefleet.audit.persistence;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tips come from memory only while the fleet head is where this instance's last commit left it. */
class StoreTipsTest {

    private static List<String> lookup(StoreTips tips, long headSeq, Map<String, String> known, String... stores) {
        return tips.lookup(headSeq, List.of(stores), known);
    }

    @Test
    void aTableOfHeadMovesDecidesWhatIsReadFromTheLedger() {
        record Row(String step, long headSeq, List<String> stores, List<String> expectUnknown) {
        }
        var tips = new StoreTips(100);
        // every row: look up under the head lock, then commit the batch (head + 2) with a tip per store
        var rows = List.of(
                new Row("start: nothing known", 0, List.of("a", "b"), List.of("a", "b")),
                new Row("own last commit: from memory", 2, List.of("a", "b"), List.of()),
                new Row("a new store next to known ones", 4, List.of("a", "c"), List.of("c")),
                new Row("another writer moved the head", 9, List.of("a", "b", "c"), List.of("a", "b", "c")),
                new Row("after that: memory again", 11, List.of("b"), List.of()));
        for (var row : rows) {
            var known = new HashMap<String, String>();
            var unknown = tips.lookup(row.headSeq(), row.stores(), known);
            assertThat(unknown).as(row.step()).containsExactlyElementsOf(row.expectUnknown());
            for (var store : row.stores()) {
                if (!unknown.contains(store)) {
                    assertThat(known).as(row.step()).containsKey(store);
                }
            }
            var after = new HashMap<String, String>();
            row.stores().forEach(s -> after.put(s, s + "@" + (row.headSeq() + 2)));
            tips.committed(row.headSeq(), row.headSeq() + 2, after);
        }
    }

    @Test
    void aKnownTipIsTheOneTheLastCommitLeft() {
        var tips = new StoreTips(100);
        lookup(tips, 0, new HashMap<>(), "a");
        tips.committed(0, 3, Map.of("a", "hash-3"));
        var known = new HashMap<String, String>();
        assertThat(lookup(tips, 3, known, "a")).isEmpty();
        assertThat(known).containsEntry("a", "hash-3");
    }

    @Test
    void aFailedOrUnknownOutcomeForgetsEverything() {
        var tips = new StoreTips(100);
        lookup(tips, 0, new HashMap<>(), "a");
        tips.committed(0, 1, Map.of("a", "h1"));
        lookup(tips, 1, new HashMap<>(), "a");
        tips.forget(); // the commit failed, or the connection dropped during it
        assertThat(lookup(tips, 1, new HashMap<>(), "a")).containsExactly("a");
    }

    @Test
    void aCommitThatDoesNotContinueTheKnownHeadIsNotTrusted() {
        var tips = new StoreTips(100);
        lookup(tips, 0, new HashMap<>(), "a");
        lookup(tips, 5, new HashMap<>(), "a"); // a second batch of this instance saw a newer head meanwhile
        tips.committed(0, 1, Map.of("a", "stale"));
        assertThat(lookup(tips, 1, new HashMap<>(), "a")).containsExactly("a");
    }

    @Test
    void moreStoresThanTheBoundAreNotKept() {
        var tips = new StoreTips(2);
        lookup(tips, 0, new HashMap<>(), "a", "b", "c");
        tips.committed(0, 3, Map.of("a", "1", "b", "2", "c", "3"));
        assertThat(lookup(tips, 3, new HashMap<>(), "a")).containsExactly("a");
    }
}
