/** The batch functions over HTTP: JSON requests read strictly, RFC 9457 problems, every call audited. */
package dev.tandem.batch.http;
