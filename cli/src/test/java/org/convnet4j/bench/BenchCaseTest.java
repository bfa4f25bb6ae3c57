package org.convnet4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchCaseTest {

    @Test
    void seedCasesHaveTheNotebookShapes() {
        // the notebook's dout shapes: (100, 25, 16, 16) for the conv, (100, 3, 16, 16) for the pool
        assertArrayEquals(new int[] {100, 25, 16, 16}, BenchCase.S1.outShape());
        assertArrayEquals(new int[] {100, 3, 16, 16}, BenchCase.S2.outShape());
        assertArrayEquals(new int[] {25}, BenchCase.S1.bShape());
    }

    @Test
    void outputShapesFloorLikeTheLayers() {
        assertArrayEquals(new int[] {50, 32, 32, 32}, BenchCase.S3.outShape());
        assertArrayEquals(new int[] {64, 64, 32, 32}, BenchCase.S4.outShape());
        // 3x3 windows, stride 2, on 32: 1 + (32 - 3) / 2 = 15; the last row/column is dropped
        assertArrayEquals(new int[] {50, 32, 15, 15}, BenchCase.S5.outShape());
    }

    @Test
    void flopsFollowTheBenchFormula() {
        assertEquals(2.0 * 100 * 25 * 3 * 3 * 3 * 16 * 16, BenchCase.S1.forwardFlops());
        assertEquals(2.0 * 64 * 64 * 64 * 3 * 3 * 32 * 32, BenchCase.S4.forwardFlops());
        assertEquals(2 * BenchCase.S3.forwardFlops(), BenchCase.S3.backwardFlops());
        assertEquals(0.0, BenchCase.S5.forwardFlops());
    }

    @Test
    void parseIsCaseInsensitiveAndNamesTheChoices() {
        assertEquals(BenchCase.S3, BenchCase.parse(" s3 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchCase.parse("S9"));
        assertTrue(e.getMessage().contains("S9") && e.getMessage().contains("S1"), e.getMessage());
    }

    @Test
    void convAndPoolAccessorsAreSeparate() {
        assertTrue(BenchCase.S4.isConv());
        assertFalse(BenchCase.S5.isConv());
        assertThrows(IllegalStateException.class, BenchCase.S2::wShape);
        assertThrows(IllegalStateException.class, BenchCase.S1::poolParam);
        assertEquals("conv x(100,3,31,31) w(25,3,3,3) stride 2 pad 1", BenchCase.S1.describe());
        assertEquals("pool x(50,32,32,32) 3x3 stride 2", BenchCase.S5.describe());
    }
}
