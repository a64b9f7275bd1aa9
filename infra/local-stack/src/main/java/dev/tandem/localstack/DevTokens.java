package dev.tandem.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * A signing key pair for bearer tokens, generated once per data directory, so local runs and tests
 * authenticate callers of the batch function without a secret in the repository. Functions verify
 * with the public key ({@code mp.jwt.verify.publickey.location}); {@link #token} signs with the
 * private one.
 */
public final class DevTokens {

    /** The {@code iss} claim of dev tokens, and what the functions require. */
    public static final String ISSUER = "tandem-local-stack";

    /** The {@code aud} claim of dev tokens, and what the functions require. */
    public static final String AUDIENCE = "tandem";

    private final Path publicKey;
    private final PrivateKey privateKey;

    private DevTokens(Path publicKey, PrivateKey privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** The key pair under {@code dir}, created on first use. */
    static DevTokens in(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path pub = dir.resolve("public-key.pem");
        Path priv = dir.resolve("private-key.pem");
        if (!Files.exists(pub) || !Files.exists(priv)) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            writePem(priv, "PRIVATE KEY", pair.getPrivate().getEncoded());
            try {
                Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the data directory's own permissions apply.
            }
            writePem(pub, "PUBLIC KEY", pair.getPublic().getEncoded());
        }
        byte[] der = readPem(priv);
        return new DevTokens(pub, KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
    }

    /** The PEM file functions verify tokens with. */
    public Path publicKey() {
        return publicKey;
    }

    /**
     * A signed token (RS256) for {@code subject} with {@code roles} in its {@code groups} claim.
     */
    public String token(String subject, Set<String> roles, Duration validFor) {
        return token(ISSUER, AUDIENCE, subject, roles, Instant.now().plus(validFor));
    }

    /**
     * A token signed with this key but with the given issuer, audience and expiry, for tests of
     * what the functions refuse; a null audience or expiry leaves the claim out.
     */
    public String token(String issuer, String audience, String subject, Set<String> roles, Instant expiresAt) {
        if (expiresAt == null) {
            return tokenWithoutExpiry(issuer, audience, subject, roles);
        }
        JwtClaimsBuilder claims = Jwt.issuer(issuer).subject(subject).upn(subject).groups(roles);
        if (audience != null) {
            claims.audience(audience);
        }
        return claims.expiresAt(expiresAt).sign(privateKey);
    }

    /** SmallRye's builder always adds an expiry: a token that never expires is signed with jose4j. */
    private String tokenWithoutExpiry(String issuer, String audience, String subject, Set<String> roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        if (audience != null) {
            claims.setAudience(audience);
        }
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setStringListClaim("groups", List.copyOf(roles));
        claims.setIssuedAtToNow();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign a dev token", e);
        }
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    private static byte[] readPem(Path file) throws IOException {
        String pem = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(pem);
    }
}
