/** Configuration and the pipeline this function runs, loaded and checked at start-up. */
package dev.tandem.microbatch.config;
