/**
 * {@code ./tandem generate}: a seeded stream of orders with late, duplicate and invalid ones and
 * W3C trace context, and the truth the generator keeps of what it sent, for the demo to check
 * Tandem's numbers against.
 */
package dev.tandem.demo.generate;
