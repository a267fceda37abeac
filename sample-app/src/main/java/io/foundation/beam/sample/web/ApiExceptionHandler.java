package io.foundation.beam.sample.web;

import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.sample.order.InvalidOrderException;
import io.foundation.beam.sample.order.OverloadedException;
import io.foundation.beam.sample.order.UnknownOrderException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the service's exceptions to problem details. Malformed JSON is Spring's own 400 problem detail
 * ({@code spring.mvc.problemdetails.enabled}).
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    /** Seconds a client refused with 429 or 503 should wait before retrying. */
    static final String RETRY_AFTER_SECONDS = "1";

    /**
     * @param e what is wrong
     * @return 400 with {@code errors}: one entry per problem, naming the field
     */
    @ExceptionHandler
    ProblemDetail invalid(InvalidOrderException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The order is not valid: " + e.problems().size() + " problem(s).");
        problem.setTitle("Invalid order");
        problem.setProperty("errors", e.problems());
        return problem;
    }

    /**
     * @param e which order
     * @return 404
     */
    @ExceptionHandler
    ProblemDetail unknown(UnknownOrderException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown order");
        return problem;
    }

    /**
     * @param e what is full
     * @return 429 with {@code Retry-After}
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> overloaded(OverloadedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setTitle("Too many unfinished orders");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(problem);
    }

    /**
     * @param e which ecosystem stopped
     * @return 503 with {@code Retry-After}
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> stopped(EcosystemStoppedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Ecosystem not running");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(problem);
    }
}
