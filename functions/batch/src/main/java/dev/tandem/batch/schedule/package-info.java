/** Recompute + reconcile on a cron schedule (off by default). */
package dev.tandem.batch.schedule;
