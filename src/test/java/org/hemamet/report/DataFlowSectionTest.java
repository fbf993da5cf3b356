package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.hemamet.core.Json;
import org.junit.jupiter.api.Test;

class DataFlowSectionTest {
    @Test
    void theReportsCopyOfTheIngestReportKeepsTheRulesAndCountsButNoHeaderText() throws Exception {
        JsonNode ingest = Json.mapper().readTree("""
                        {"params": {"key": "size=256"},
                         "sequence_decisions": {
                           "series": [{"kind": "T2", "rule": "t2-name", "rule_reason": "T2-weighted spin echo",
                                       "n_series": 5,
                                       "series_keys": ["k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"],
                                       "sample_ids": ["a", "b", "c", "d", "e", "f"],
                                       "decided_by": {"SeriesDescription 'SAG T2 DR HOUSE' -> T2": 3,
                                                      "TR 4000 ms, TE 240 ms -> T2": 2}}],
                           "attribute_header_disagreements": [
                             {"sample_id": "s1", "attribute": "T1", "header": "SeriesDescription 'STIR SMITH' -> STIR"}]}}
                        """);
        String shown = Fmt.pretty(DataFlowSection.shareable(ingest));
        assertThat(shown)
                .doesNotContain("DR HOUSE")
                .doesNotContain("SMITH")
                .doesNotContain("4000")
                .contains("\"rule\" : \"t2-name\"")
                .contains("\"n_series\" : 5")
                .contains("5 series: " + DataFlowSection.HEADER_TEXT_LEFT_OUT)
                .contains("\"attribute\" : \"T1\"")
                .contains("\"size=256\"")
                .contains("\"k5\", \"… 3 more in ingest-report.json beside the dataset\" ]")
                .doesNotContain("\"k6\"")
                .contains("\"sample_ids\" : [ \"a\", \"b\", \"c\", \"d\", \"e\", \"f\" ]");
        // the file itself is not changed
        assertThat(ingest.toString()).contains("DR HOUSE");
    }
}
