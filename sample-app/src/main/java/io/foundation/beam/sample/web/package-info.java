/** How the API answers errors: problem details (RFC 9457). */
package io.foundation.beam.sample.web;
