/**
 * HTTP conventions the functions share: RFC 9457 problem bodies, the {@code info} answer, and
 * strict reading of a JSON request body ({@link dev.tandem.function.http.RequestBody}), whose
 * refusals ({@link dev.tandem.function.http.BadRequestException}) name the field and the fix.
 */
package dev.tandem.function.http;
