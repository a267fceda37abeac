/** Auto-configuration of the logging of Foundation BEAM's crashes, restarts and give-ups. */
package io.foundation.beam.boot.autoconfigure.logging;
