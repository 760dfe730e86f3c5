package org.lightwayj.codec.fec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class LossEstimatorTest {

    @Test
    void ruleExamples() {
        assertEquals(1, LossEstimator.chooseR(10, 0.0));
        assertEquals(2, LossEstimator.chooseR(10, 0.01));
        assertEquals(4, LossEstimator.chooseR(10, 0.05));
        assertEquals(10, LossEstimator.chooseR(10, 0.6));
        assertEquals(0.0, LossEstimator.failure(13, 3, 0.0));
    }

    @Test
    void chosenRMeetsTheTargetAndIsMinimal() {
        qt().withExamples(300).forAll(integers().between(1, 64), doubles().between(0, 0.5)).check((k, p) -> {
            int r = LossEstimator.chooseR(k, p);
            boolean meets = LossEstimator.failure(k + r, r, p) <= LossEstimator.TARGET;
            boolean minimal = r == 1 || LossEstimator.failure(k + r - 1, r - 1, p) > LossEstimator.TARGET;
            return r >= 1 && r <= k && (meets || r == k) && minimal;
        });
    }

    @Test
    void movingAverageFollowsTheLoss() {
        LossEstimator e = new LossEstimator();
        assertFalse(e.sampled());
        for (int i = 0; i < 500; i++) {
            e.record(10, i % 10 == 0 ? 5 : 0); // 5 % on average
        }
        assertTrue(e.sampled());
        assertTrue(Math.abs(e.rate() - 0.05) < 0.03, "rate " + e.rate());
        for (int i = 0; i < 500; i++) {
            e.record(10, 0);
        }
        assertTrue(e.rate() < 0.001);
    }
}
