package io.foundation.beam.sample.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.process.ProcessRef;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The observer page of the sample app in a real headless Chromium, with the page's actions allowed
 * ({@code management.endpoint.observer.access=unrestricted}): it finds both ecosystems and their workers in the tree,
 * crashes a warehouse worker from the page (behind its confirmation) and sees the worker's restart count rise without
 * a reload, opens a process's details, and saves a screenshot as {@code target/observer-page.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "management.endpoint.observer.access=unrestricted",
        "foundation.beam.observer.interval=250ms" })
class ObserverPageBrowserTests extends ObserverPageTestSupport {

    @Test
    void showsTheTreeCrashesAWorkerFromThePageAndOpensDetails() throws Exception {
        var driver = driver();
        WebDriverWait wait = openPage();

        // the tree: both ecosystems, with their coordinators and every worker
        wait.until(d -> workers(d, "warehouse") == 4 && workers(d, "shipping") == 3);
        assertThat(driver.findElements(By.cssSelector("[data-ecosystem='warehouse'] .member[data-role='coordinator']")))
                .hasSize(1);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "live"));
        assertThat(driver.findElements(By.id("readonly"))).allSatisfy(badge -> assertThat(badge.isDisplayed())
                .isFalse());

        // crash warehouse worker 1 from the page; its restart count rises without a reload
        ProcessRef victim = ecosystems.get("warehouse").workers().get(1);
        WebElement worker = member(driver, victim);
        assertThat(worker.findElement(By.cssSelector(".restarts")).getText()).isEqualTo("0");
        worker.findElement(By.cssSelector("button.kill")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        driver.findElement(By.id("confirm-ok")).click();
        wait.until(d -> ecosystems.get("warehouse").workers().get(1) != victim
                && ecosystems.get("warehouse").workers().get(1).isAlive());
        ProcessRef replacement = ecosystems.get("warehouse").workers().get(1);
        wait.until(d -> !d.findElements(By.cssSelector(".member[data-pid='" + replacement + "']")).isEmpty()
                && "1".equals(member(d, replacement).findElement(By.cssSelector(".restarts")).getText()));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), victim.toString()));

        // a process's details on click
        ProcessRef coordinator = ecosystems.get("shipping").coordinator();
        member(driver, coordinator).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("details")));
        wait.until(ExpectedConditions.textToBe(By.id("details-pid"), coordinator.toString()));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("details"), "coordinator"));

        Path shot = Path.of("target", "observer-page.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isPositive();
    }

    private static WebElement member(org.openqa.selenium.WebDriver driver, ProcessRef process) {
        return driver.findElement(By.cssSelector(".member[data-pid='" + process + "']"));
    }
}
