package io.storefleet.cli;

import io.storefleet.model.EventCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutProgressTest {

    @Test
    void oneBarPerWaveWithFailuresAndWindows() throws Exception {
        var json = EventCodec.mapper().readTree("""
                {"id":"apps-pos@1a2b3c4d","state":"Running","maintenanceWindow":"store-hours-closed","commit":"1a2b3c4d5e6f",
                 "waves":[
                  {"index":0,"name":"canary","status":"Done","stores":3,"released":3,"ready":3,"failed":0,"pending":0,"storeLines":[]},
                  {"index":1,"name":"auto-1","status":"Running","stores":10,"released":6,"ready":5,"failed":1,"pending":4,
                   "storeLines":[{"storeId":"s9","status":"Pending (window opens 22:00 local)","rolledBack":false}]},
                  {"index":2,"name":"auto-2","status":"Waiting","stores":10,"released":0,"ready":0,"failed":0,"pending":10,"storeLines":[]}]}
                """);

        var lines = RolloutProgress.lines(json, false);

        assertThat(lines).containsExactly(
                "rollout apps-pos@1a2b3c4d  Running  window store-hours-closed  commit 1a2b3c4d",
                "  canary [##############################]   3/3   Ready  Done    ",
                "  auto-1 [###############xxx            ]   5/10  Ready  Running , 1 failed, 1 pending (window opens 22:00 local)",
                "  auto-2 [                              ]   0/10  Ready  Waiting ");
        assertThat(RolloutProgress.finished(json)).isFalse();
    }
}
