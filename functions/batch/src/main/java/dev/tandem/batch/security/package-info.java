/** Who may call what (JWT roles) and the append-only audit log of every invocation. */
package dev.tandem.batch.security;
