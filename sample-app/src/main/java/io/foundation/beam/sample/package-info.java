/**
 * The sample application. Its service arrives with the sample-app issue; the module exists now so that the build
 * layout is final.
 */
package io.foundation.beam.sample;
