package io.foundation.beam.sample.order;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the shape of an {@link OrderRequest}; whether its products exist and are in stock is the warehouse's job. */
final class OrderValidator {

    private static final Pattern SKU = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,31}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final int MAX_QUANTITY = 100;

    private final int maxLines;

    OrderValidator(int maxLines) {
        this.maxLines = maxLines;
    }

    /**
     * @param request the request
     * @return every problem found, each naming the field; empty if the request is well formed
     */
    List<String> problems(OrderRequest request) {
        List<String> problems = new ArrayList<>();
        if (request.customerId() == null || request.customerId().isBlank()) {
            problems.add("customerId: is required");
        } else if (request.customerId().length() > 64) {
            problems.add("customerId: must be at most 64 characters");
        }
        if (request.country() == null || !COUNTRY.matcher(request.country()).matches()) {
            problems.add("country: must be an ISO 3166 alpha-2 code such as DE, was " + quote(request.country()));
        }
        if (request.lines() == null || request.lines().isEmpty()) {
            problems.add("lines: at least one line is required");
            return problems;
        }
        if (request.lines().size() > maxLines) {
            problems.add("lines: at most " + maxLines + " lines, was " + request.lines().size());
        }
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < request.lines().size(); i++) {
            OrderLine line = request.lines().get(i);
            String at = "lines[" + i + "].";
            if (line == null) {
                problems.add("lines[" + i + "]: must not be null");
                continue;
            }
            if (line.sku() == null || !SKU.matcher(line.sku()).matches()) {
                problems.add(at + "sku: must be 2 to 32 capitals, digits or '-', was " + quote(line.sku()));
            } else if (!skus.add(line.sku())) {
                problems.add(at + "sku: " + line.sku() + " appears on more than one line");
            }
            if (line.quantity() == null || line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
                problems.add(at + "quantity: must be 1 to " + MAX_QUANTITY + ", was " + line.quantity());
            }
        }
        return problems;
    }

    private static String quote(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }
}
