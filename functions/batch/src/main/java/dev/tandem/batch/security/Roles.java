package dev.tandem.batch.security;

/** The roles a caller's token carries in its {@code groups} claim. */
public final class Roles {

    /** May start, resume and inspect runs. */
    public static final String OPERATOR = "tandem-operator";
    /** May only inspect runs. */
    public static final String VIEWER = "tandem-viewer";

    private Roles() {
    }
}
