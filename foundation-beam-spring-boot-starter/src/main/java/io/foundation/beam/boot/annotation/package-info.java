/**
 * The programming model: {@link io.foundation.beam.boot.annotation.Worker @Worker} and
 * {@link io.foundation.beam.boot.annotation.Coordinator @Coordinator} beans with
 * {@link io.foundation.beam.boot.annotation.HandleMessage @HandleMessage} methods.
 */
package io.foundation.beam.boot.annotation;
