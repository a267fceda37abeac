package io.foundation.beam.boot.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.ecosystem.Ecosystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The README's example application starts, handles its order, and stops. */
@ExtendWith(OutputCaptureExtension.class)
class ShopApplicationTests {

    @Test
    void theReadmeExampleRuns(CapturedOutput output) {
        SpringApplication application = new SpringApplication(ShopApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        Ecosystem orders;
        try (ConfigurableApplicationContext context = application.run()) {
            orders = context.getBean(EcosystemRegistry.class).get("orders");
            assertThat(orders.info().workers()).hasSize(4);
            assertThat(output).contains("reserved 2 for o-1");
        }
        assertThat(orders.isRunning()).isFalse();
    }
}
