package consumer;

import org.convnet4j.layers.ConvOp;
import org.convnet4j.testkit.ConvOpContract;

/** The whole test of MyConv: one dynamic test per case of the kit's conv grids. */
class MyConvTest extends ConvOpContract {
    @Override
    protected ConvOp op() {
        return new MyConv();
    }
}
