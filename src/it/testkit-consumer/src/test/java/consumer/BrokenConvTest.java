package consumer;

import org.convnet4j.layers.ConvOp;
import org.convnet4j.testkit.ConvOpContract;

/** Must fail: run-testkit-consumer.sh expects the overlap report for BrokenConv. */
class BrokenConvTest extends ConvOpContract {
    @Override
    protected ConvOp op() {
        return new BrokenConv();
    }
}
