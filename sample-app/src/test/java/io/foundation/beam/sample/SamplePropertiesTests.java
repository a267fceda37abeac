package io.foundation.beam.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/** Settings out of range fail the startup, naming the property. */
class SamplePropertiesTests {

    @Test
    void outOfRangeValuesNameTheirProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SampleProperties.Orders(0, 20))
                .withMessage("sample.orders.max-in-flight must be at least 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new SampleProperties.Shipping(java.time.Duration.ZERO, 0))
                .withMessage("sample.shipping.truck-capacity must be at least 1, was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SampleProperties.Warehouse(java.time.Duration.ofMillis(-1)))
                .withMessage("sample.warehouse.latency must not be negative, was PT-0.001S");
    }

    @Test
    void theApplicationDoesNotStartWithAZeroAdmissionLimit() {
        SpringApplication application = new SpringApplication(SampleApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        Throwable failure = null;
        try (var context = application.run("--sample.orders.max-in-flight=0")) {
            assertThat(context).as("the context must not start").isNull();
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).isNotNull().rootCause().hasMessage("sample.orders.max-in-flight must be at least 1, was 0");
    }
}
