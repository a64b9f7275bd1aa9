/**
 * Masking of personal data before anything is landed or aggregated. A field marked PII is either
 * replaced by a keyed HMAC-SHA256 of its value (so equal values stay equal: joins, group-by and
 * distinct counts keep working, but the value cannot be read back without the key) or redacted.
 * The key comes from the deployment's configuration, never from the pipeline file. The HMAC is
 * computed from SHA-256 digests that took in the padded key once ({@code HmacSha256}), checked
 * against {@link javax.crypto.Mac}, which serves where the digests cannot be copied.
 */
package dev.tandem.shared.masking;
