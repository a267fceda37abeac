/**
 * The observer: a live page of the runtime's processes, served by Actuator as the {@code observer} endpoint
 * ({@link io.foundation.beam.boot.actuate.observer.ObserverEndpoint}) and fed by one shared sampler
 * ({@link io.foundation.beam.boot.actuate.observer.ObserverSampler}), whose samples reach the browser as server-sent
 * events or by polling. The JSON it sends is {@link io.foundation.beam.boot.actuate.observer.ObserverModel}'s. Used
 * only when Spring Boot Actuator is on the class path; the live stream needs Spring MVC.
 */
package io.foundation.beam.boot.actuate.observer;
