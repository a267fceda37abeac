/** Orders: the REST API, validation, admission (backpressure) and the in-memory order book. */
package io.foundation.beam.sample.order;
