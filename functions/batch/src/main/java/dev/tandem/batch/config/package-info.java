/** Configuration ({@code tandem.*}) and the wiring of the function's parts. */
package dev.tandem.batch.config;
