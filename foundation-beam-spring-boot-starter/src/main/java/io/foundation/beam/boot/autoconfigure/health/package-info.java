/** Auto-configuration of the ecosystems' health contributor and its place in the readiness group. */
package io.foundation.beam.boot.autoconfigure.health;
