package dev.tandem.shared.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tandem.shared.record.FieldPath;

class MaskerTest {

    static final byte[] KEY = new byte[32];

    @Test
    void shouldReplaceAFieldByItsKeyedHmacAndRedactAnother() throws Exception {
        Masker masker = Masker.of(List.of(new PiiField(FieldPath.parse("user.id"), MaskMethod.HMAC),
                new PiiField(FieldPath.parse("phone"), MaskMethod.REDACT),
                new PiiField(FieldPath.parse("age"), MaskMethod.REDACT)), KEY);
        JsonNode in = new ObjectMapper().readTree("{\"user\":{\"id\":\"u1\"},\"phone\":\"+33\",\"age\":41,\"x\":1}");

        JsonNode out = masker.mask(in);

        // HMAC-SHA256("u1") under 32 zero bytes.
        assertThat(out.at("/user/id").asText()).hasSize(64).matches("[0-9a-f]+");
        assertThat(out.get("phone").asText()).isEqualTo("[redacted]");
        assertThat(out.get("age").isNull()).isTrue();
        assertThat(out.get("x").asInt()).isEqualTo(1);
        assertThat(in.at("/user/id").asText()).isEqualTo("u1");
        assertThat(masker.keyId()).hasSize(8);
    }

    @Test
    void shouldComputeTheHmacsJavaxCryptoMacComputes() throws Exception {
        // RFC 4231, test case 2.
        assertThat(java.util.HexFormat.of().formatHex(HmacSha256.keyed("Jefe".getBytes(StandardCharsets.US_ASCII))
                .orElseThrow().mac("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        java.util.Random random = new java.util.Random(41);
        int[] keyLengths = {1, 32, 63, 64, 65, 100, 200};
        for (int keyLength : keyLengths) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            HmacSha256 fast = HmacSha256.keyed(key).orElseThrow();
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            for (int i = 0; i < 300; i++) {
                byte[] value = new byte[random.nextInt(i < 150 ? 70 : 400)];
                random.nextBytes(value);
                assertThat(fast.mac(value)).as("key of %d bytes, value of %d", keyLength, value.length)
                        .isEqualTo(mac.doFinal(value));
            }
        }
        // And through the masker, as a field's HMAC.
        byte[] key = new byte[48];
        random.nextBytes(key);
        Masker masker = Masker.of(List.of(new PiiField(FieldPath.parse("email"), MaskMethod.HMAC)), key);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        assertThat(masker.mask(new ObjectMapper().readTree("{\"email\":\"a\u00e9@b.example\"}")).get("email").asText())
                .isEqualTo(java.util.HexFormat.of().formatHex(mac.doFinal("a\u00e9@b.example".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void shouldLeaveAPayloadWithoutPiiValuesUntouched() throws Exception {
        Masker masker = Masker.of(List.of(new PiiField(FieldPath.parse("phone"), MaskMethod.REDACT)), null);
        JsonNode in = new ObjectMapper().readTree("{\"x\":1}");
        assertThat(masker.mask(in)).isSameAs(in);
    }

    @Test
    void shouldMaskAnOwnedPayloadInPlaceLikeACopy() throws Exception {
        Masker masker = Masker.of(List.of(new PiiField(FieldPath.parse("user.id"), MaskMethod.HMAC),
                new PiiField(FieldPath.parse("phone"), MaskMethod.REDACT)), KEY);
        String json = "{\"user\":{\"id\":\"u1\"},\"phone\":\"+33\",\"x\":1}";
        JsonNode copied = masker.mask(new ObjectMapper().readTree(json));
        JsonNode owned = new ObjectMapper().readTree(json);

        assertThat(masker.maskOwned(owned)).isSameAs(owned).isEqualTo(copied);
        assertThat(owned.get("phone").asText()).isEqualTo("[redacted]");
    }

    @Test
    void shouldRequireAStrongKeyForHmac() {
        assertThatThrownBy(() -> Masker.of(List.of(new PiiField(FieldPath.parse("id"), MaskMethod.HMAC)), new byte[8]))
                .hasMessageContaining("[id] are masked with an HMAC, which needs a key of at least 32 bytes")
                .hasMessageContaining("tandem.masking.key")
                .hasMessageContaining("got 8 bytes");
    }
}
