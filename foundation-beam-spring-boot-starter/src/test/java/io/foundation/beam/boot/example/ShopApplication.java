package io.foundation.beam.boot.example;

import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.FaultTolerance;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/** The minimal application of the README's "Spring Boot starter" section, kept compiling and running by a test. */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    record Order(String id, int quantity) {}

    @Component
    static class Inventory {
        String reserve(Order order) { return "reserved " + order.quantity() + " for " + order.id(); }
    }

    @Worker(ecosystem = "orders", workers = 4, faultTolerance = FaultTolerance.SELF_HEALING)
    static class OrderWorker {                       // one instance per worker process, dependencies injected
        private final Inventory inventory;
        OrderWorker(Inventory inventory) { this.inventory = inventory; }

        @HandleMessage                               // chosen by the message's type; may block
        String place(Order order) { return inventory.reserve(order); }
    }

    @Bean
    ApplicationRunner demo(@Qualifier("orders") Ecosystem orders) {
        return args -> System.out.println(orders.submit(new Order("o-1", 2)).join());
    }
}
