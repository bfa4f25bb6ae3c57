package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * The fast ops are stateless and each thread has its own native workspace, so several Java threads may
 * call them at once: every thread must get exactly the answer a lone call gives.
 */
class ConcurrentFastOpsTest extends TestBase {

    private record Job(Tensor x, Tensor w, Tensor b, Tensor dout) {}

    private static Tensor[] run(Job j) {
        Conv2dFast conv = new Conv2dFast();
        MaxPool2dFast pool = new MaxPool2dFast();
        ConvResult r = conv.forward(j.x(), j.w(), j.b(), new ConvParam(1, 1));
        ConvGrads g = conv.backward(j.dout(), r.cache());
        Tensor pooled = pool.forward(r.out(), new org.convnet4j.layers.PoolParam(2, 2, 2)).out();
        return new Tensor[] {r.out(), g.dx(), g.dw(), g.db(), pooled};
    }

    @Test
    void fourThreadsGetTheSameAnswersAsOne() throws Exception {
        NativeAssume.nativeAvailable();
        List<Job> jobs = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            Rng r = new Rng(100 + k);
            // different sizes per job, so workspaces grow while other threads use theirs
            int n = 2 + k, h = 9 + 2 * k;
            jobs.add(new Job(Tensor.randn(r, DType.FLOAT32, n, 3, h, h), Tensor.randn(r, DType.FLOAT32, 4, 3, 3, 3),
                    Tensor.randn(r, DType.FLOAT32, 4), Tensor.randn(r, DType.FLOAT32, n, 4, h, h)));
        }
        List<Tensor[]> alone = new ArrayList<>();
        for (Job j : jobs) alone.add(run(j));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<Tensor[]>> futures = new ArrayList<>();
                for (Job j : jobs) futures.add(pool.submit(() -> run(j)));
                for (int k = 0; k < jobs.size(); k++) {
                    Tensor[] got = futures.get(k).get();
                    for (int t = 0; t < got.length; t++) {
                        assertTrue(got[t].contentEquals(alone.get(k)[t]), "job " + k + " output " + t + " round " + round);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
