/**
 * Spring Boot integration for Foundation BEAM. The auto-configuration arrives with the starter issue; the module
 * exists now so that the build layout is final.
 */
package io.foundation.beam.boot;
