package dev.tandem.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stack's listeners get distinct ports: two probes in a row may otherwise return the same one. */
class FreePortsTest {

    @Test
    void aPortTakenByAnotherListenerIsNeverChosenAgain() {
        for (int i = 0; i < 200; i++) {
            int kafka = FreePorts.choose(0, 0);
            int controller = FreePorts.choose(0, 0, kafka);
            int s3 = FreePorts.choose(0, 0, kafka, controller);
            assertThat(controller).isNotEqualTo(kafka);
            assertThat(s3).isNotIn(kafka, controller);
        }
    }

    @Test
    void aRememberedPortIsNotReusedWhenAnotherListenerHasIt() {
        int kafka = FreePorts.pick();

        assertThat(FreePorts.choose(0, kafka, kafka)).isNotEqualTo(kafka);
        assertThat(FreePorts.choose(kafka, 0, kafka)).as("an explicitly requested port is the user's choice")
                .isEqualTo(kafka);
    }
}
