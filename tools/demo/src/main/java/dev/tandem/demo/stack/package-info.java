/**
 * Helpers of the {@code ./tandem} command line around the local stack: which topics a pipeline
 * file needs ({@link dev.tandem.demo.stack.PipelineTopicsMain}).
 */
package dev.tandem.demo.stack;
