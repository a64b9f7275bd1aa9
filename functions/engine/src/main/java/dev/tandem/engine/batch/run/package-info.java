/**
 * Batch runs: started over HTTP or on schedule, synchronously or async, with their status in S3 so
 * any instance can report and resume them; publishing is one pointer written last.
 */
package dev.tandem.engine.batch.run;
