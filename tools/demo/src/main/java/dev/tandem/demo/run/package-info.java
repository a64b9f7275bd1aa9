/**
 * {@code ./tandem demo}: starts the local stack and both functions as separate JVMs, sends the
 * generated stream while sampling the functions' metrics, runs recompute and reconcile over HTTP,
 * and compares every number with the generator's truth.
 */
package dev.tandem.demo.run;
