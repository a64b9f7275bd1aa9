/**
 * The JSON Schemas of a pipeline's events, one per version, and the compatibility rule between
 * consecutive versions: a newer version may add optional fields and relax constraints; it may
 * not remove or retype a field that was required, nor require a field older events lack. The
 * rule is checked when the definition is loaded, so an incompatible schema never reaches a
 * running function.
 */
package dev.tandem.shared.schema;
