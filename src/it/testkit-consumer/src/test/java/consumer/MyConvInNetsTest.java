package consumer;

import java.util.stream.Stream;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.model.Ops;
import org.convnet4j.testkit.TestKit;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** MyConv inside every layer type of the net builder, the @TestFactory way. */
class MyConvInNetsTest {
    @TestFactory
    Stream<DynamicNode> layers() {
        return TestKit.layers(() -> new Ops(new MyConv(), new MaxPool2d(), new Affine())).tests();
    }
}
