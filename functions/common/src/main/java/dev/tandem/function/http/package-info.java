/** HTTP conventions the functions share: RFC 9457 problem bodies. */
package dev.tandem.function.http;
