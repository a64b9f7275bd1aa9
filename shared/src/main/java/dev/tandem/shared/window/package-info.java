/**
 * Event-time windows and watermarks.
 *
 * <p><b>Windows</b> are half-open intervals {@code [start, end)} of event time in epoch
 * milliseconds (UTC), aligned to the epoch: a tumbling window of 60 s starts at every whole
 * minute; a hopping window of size 60 s and slide 30 s starts every 30 s, so the windows
 * {@code [0;60000), [30000;90000), [60000;120000)} overlap and each event time falls into
 * {@code size / slide} windows.
 *
 * <p>A <b>watermark</b> says "no more records with an event time below this are expected". Per
 * source partition it is the highest event time seen minus the allowed lateness. The
 * pipeline's watermark is the minimum over the active partitions: a partition that has not
 * delivered a record for longer than the idle timeout does not hold it back. A window is
 * <b>closed</b> once a watermark reaches its end ({@code end <= watermark}); a record that
 * arrives for a closed window is <b>late</b>.
 *
 * <p>CAUTION: with zero allowed lateness, any record that is not the newest of its partition
 * may find its window closed; choose the lateness from the source's observed disorder.
 */
package dev.tandem.shared.window;
