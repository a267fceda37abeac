package io.foundation.beam.sample.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.process.ProcessRef;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The observer page with the sample app's own settings (the endpoint exposed, its access the default read-only), in
 * a real headless Chromium: the page says it is read-only and offers no action, and the action it would send, sent
 * from the page's own origin anyway, is refused and kills nothing. Without server-sent events (a browser or proxy
 * without them) the page polls instead, and its updates pause and resume.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ObserverPageReadOnlyBrowserTests extends ObserverPageTestSupport {

    @Test
    void isReadOnlyAndItsActionsAreRefused() {
        var driver = driver();
        WebDriverWait wait = openPage();
        wait.until(d -> workers(d, "warehouse") == 4);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("readonly")));
        assertThat(driver.findElement(By.id("readonly")).getText())
                .contains("management.endpoint.observer.access=unrestricted");
        assertThat(driver.findElements(By.cssSelector("button.kill, button.restart, button.resize"))).isEmpty();

        ProcessRef worker = ecosystems.get("warehouse").workers().get(0);
        Object status = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('observer/processes/' + arguments[0] + '/kill', {method: 'POST',
                        headers: {'Content-Type': 'application/json'}, body: '{}'})
                    .then(r => done(r.status), e => done('failed: ' + e));
                """, worker.id());
        assertThat(((Number) status).intValue()).isIn(404, 405);
        assertThat(worker.isAlive()).isTrue();
        assertThat(ecosystems.get("warehouse").workers().get(0)).isEqualTo(worker);
        assertThat(Map.of("restarts", ecosystems.get("warehouse").info().workers().get(0).restarts()))
                .containsEntry("restarts", 0);
    }

    @Test
    void pollsWithoutServerSentEventsAndPausesItsUpdates() {
        var driver = driver();
        Map<String, Object> script = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "delete window.EventSource;"));
        try {
            WebDriverWait wait = openPage();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "polling"));
            wait.until(d -> workers(d, "shipping") == 3);
            driver.findElement(By.id("pause")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "paused"));
            driver.findElement(By.id("pause")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "polling"));
        } finally {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier",
                    script.get("identifier")));
        }
    }
}
