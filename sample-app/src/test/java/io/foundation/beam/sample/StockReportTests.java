package io.foundation.beam.sample;

import static io.foundation.beam.sample.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /api/reports/stock}: the stock report comes from a child JVM of the capped heap the sample's
 * application.yml sets ({@code foundation.beam.isolation.max-heap: 64MB}), not from the application's JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class StockReportTests {

    private static final long MB = 1024 * 1024;

    @LocalServerPort
    int port;

    @Test
    void theStockReportIsBuiltInAChildJvmOfCappedHeap() {
        HttpResponse<String> response = new ApiClient("127.0.0.1", port).get("/api/reports/stock");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat((Integer) json(response, "$.products")).isEqualTo(5);
        assertThat(ApiClient.<List<String>>json(response, "$.lowStock")).contains("MN-303");
        assertThat(ApiClient.<List<String>>json(response, "$.unknownWeight")).containsExactly("LEGACY-9");
        assertThat(ApiClient.<Number>json(response, "$.shippingWeightKg").longValue()).isPositive();
        long childPid = ApiClient.<Number>json(response, "$.builtByPid").longValue();
        assertThat(childPid).as("a child JVM, not this one").isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ApiClient.<Number>json(response, "$.builtWithMaxHeapBytes").longValue())
                .isPositive().isLessThanOrEqualTo(64 * MB);
    }
}
