/** HTTP conventions the functions share: RFC 9457 problem bodies and the {@code info} answer. */
package dev.tandem.function.http;
