package dev.tandem.shared.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
