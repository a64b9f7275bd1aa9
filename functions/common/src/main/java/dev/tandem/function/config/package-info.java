/** The configuration groups both functions share under {@code tandem.*}. */
package dev.tandem.function.config;
